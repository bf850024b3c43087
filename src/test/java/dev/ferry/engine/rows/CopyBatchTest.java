package dev.ferry.engine.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** COPY text escaping, and bad text refused with the reason (or cleaned when asked). */
class CopyBatchTest {
  @Test
  void copyTextIsEscapedAndBadTextIsRefusedWithTheReason() throws Exception {
    CopyBatch b = new CopyBatch(16, false);
    b.beginRow();
    b.writeText("a\tb\\c\nd\re", "x");
    b.writeNull();
    b.writeBytea(new byte[] {0, (byte) 0xff});
    b.endRow();
    assertThat(new String(b.buffer(), 0, b.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("a\\tb\\\\c\\nd\\re\t\\N\t\\\\x00ff\n");
    b.beginRow();
    assertThatThrownBy(() -> b.writeText(new byte[] {'a', 0}, "col"))
        .isInstanceOf(BadValueException.class)
        .hasMessageContaining("NUL byte");
    assertThatThrownBy(() -> b.writeText(new byte[] {(byte) 0xC0, (byte) 0x80}, "col"))
        .hasMessageContaining("invalid UTF-8");
    assertThatThrownBy(() -> b.writeText(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "col"))
        .hasMessageContaining("invalid UTF-8");
    b.abortRow();
    assertThat(b.rows()).isEqualTo(1);
    CopyBatch clean = new CopyBatch(16, true);
    clean.beginRow();
    clean.writeText(new byte[] {'a', 0, (byte) 0xff, 'b'}, "col");
    clean.endRow();
    assertThat(new String(clean.buffer(), 0, clean.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("a\uFFFDb\n");
    assertThat(clean.cleanedValues()).isEqualTo(1);
  }
}
