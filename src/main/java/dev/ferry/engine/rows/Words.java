package dev.ferry.engine.rows;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A byte array read and written eight bytes at a time, as one little-endian long, and the classic
 * branch-free tests that flag bytes of a given value in such a word. Each test sets the high bit of
 * the bytes it flags; the lowest flagged byte is always a true one (a borrow only spreads upward
 * from a true match), so {@link #first} names the first match in the word.
 */
public final class Words {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH = 0x8080808080808080L;

  private Words() {}

  /** The eight bytes from {@code b[i]} on. */
  public static long get(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** Writes the eight bytes of {@code w} to {@code b[i]} on. */
  public static void set(byte[] b, int i, long w) {
    LONGS.set(b, i, w);
  }

  /** The bytes of {@code w} equal to {@code c}. */
  public static long equalTo(long w, char c) {
    long x = w ^ ONES * c;
    return (x - ONES) & ~x & HIGH;
  }

  /** The bytes of {@code w} below {@code n} (at most 0x80): a byte of 0x80 or more is not one. */
  public static long below(long w, int n) {
    return (w - ONES * n) & ~w & HIGH;
  }

  /** The bytes of {@code w} past ASCII (0x80 or more). */
  public static long nonAscii(long w) {
    return w & HIGH;
  }

  /** Where in the word the first flagged byte is (0 to 7); {@code flags} must not be 0. */
  public static int first(long flags) {
    return Long.numberOfTrailingZeros(flags) >>> 3;
  }
}
