package dev.ferry.engine.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of a target table's reject file in a run's {@code rejects} folder: the table's name with
 * characters a file name should not carry replaced by {@code _}, and — when anything was replaced —
 * a short hash of the real name, so tables {@code "a b"} and {@code a_b} never share a file.
 */
public final class RejectFiles {
  public static final String SUFFIX = ".rejects.jsonl";

  private RejectFiles() {}

  public static String fileName(String targetTable) {
    String safe = targetTable.replaceAll("[^\\p{L}\\p{N}_.-]", "_");
    if (safe.equals(targetTable) && !safe.startsWith(".")) {
      return safe + SUFFIX;
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(targetTable.getBytes(StandardCharsets.UTF_8));
      return safe + "-" + HexFormat.of().formatHex(h, 0, 4) + SUFFIX;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
