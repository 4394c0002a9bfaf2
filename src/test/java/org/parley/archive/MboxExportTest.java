package org.parley.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.testkit.Mboxrd;

/** How one message is written into an mboxrd export, and read back by mboxrd's rules. */
class MboxExportTest {
  private static final Instant ARRIVED = Instant.parse("2026-12-05T08:04:09Z");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mbox(byte[]... messages) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      MboxExport.writeMessage("ada@example.com", ARRIVED, m, out);
    }
    return out.toByteArray();
  }

  @Test
  void theFromLineNamesTheSenderAndTheArrivalInAsctimeForm() {
    assertThat(MboxExport.fromLine("ada@example.com", ARRIVED))
        .isEqualTo("From ada@example.com Sat Dec  5 08:04:09 2026\n");
    assertThat(MboxExport.fromLine("", ARRIVED)).startsWith("From MAILER-DAEMON Sat");
    assertThat(MboxExport.fromLine(null, ARRIVED)).startsWith("From MAILER-DAEMON Sat");
    assertThat(MboxExport.fromLine("two words@example.com", ARRIVED))
        .startsWith("From MAILER-DAEMON Sat");
    assertThat(MboxExport.fromLine("ada@example.com", Instant.parse("2026-11-25T23:00:00Z")))
        .isEqualTo("From ada@example.com Wed Nov 25 23:00:00 2026\n");
  }

  @Test
  void linesThatLookLikeFromLinesGetOneMoreQuoteAndComeBackAsTheyWere() throws IOException {
    byte[] first =
        bytes(
            "Subject: a\r\n\r\nFrom here.\r\n>From there.\r\n>>>From far.\r\n>Fro\r\n"
                + "Fromage.\r\n\r\n");
    byte[] second = bytes("Subject: b\n\nGrüße, no line end at the end");
    byte[] third = bytes("Subject: c\r\n\r\nFrom the last line");
    String written = new String(mbox(first, second, third), StandardCharsets.UTF_8);
    assertThat(written)
        .contains("\r\n>From here.\r\n>>From there.\r\n>>>>From far.\r\n>Fro\r\nFromage.\r\n")
        .contains("\n>From the last line\n\n");
    List<byte[]> back = Mboxrd.split(bytes(written));
    assertThat(back).hasSize(3);
    assertThat(back.get(0)).isEqualTo(first);
    // a message without a final line end gains one: the only change an mbox makes
    assertThat(back.get(1)).isEqualTo(bytes("Subject: b\n\nGrüße, no line end at the end\n"));
    assertThat(back.get(2)).isEqualTo(bytes("Subject: c\r\n\r\nFrom the last line\n"));
  }
}
