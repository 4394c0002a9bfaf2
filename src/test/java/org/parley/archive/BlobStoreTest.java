package org.parley.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The database's form of a small blob gives back exactly the bytes stored, in less room. */
class BlobStoreTest {
  @Test
  void mailIsKeptDeflatedAndComesBackByteForByte() throws IOException {
    StringBuilder mail =
        new StringBuilder("From: Ada <ada@example.org>\r\nSubject: a patch\r\n\r\n");
    for (int i = 0; i < 200; i++) {
      mail.append("+\tif (fd < 0) err(EXIT_FAILURE, _(\"cannot open %s\"), path); /* ")
          .append(i)
          .append(" */\r\n");
    }
    byte[] raw = mail.toString().getBytes(StandardCharsets.UTF_8);

    BlobStore.Encoded e = BlobStore.encode(raw);

    assertThat(e.encoding()).isEqualTo("deflate");
    assertThat(e.stored().length).isLessThan(raw.length / 3);
    assertThat(BlobStore.decode(e.stored(), e.encoding())).isEqualTo(raw);
  }

  @Test
  void bytesThatDoNotShrinkAndTinyOnesAreKeptAsTheyAre() throws IOException {
    byte[] noise = new byte[20_000];
    new Random(7).nextBytes(noise);
    byte[] tiny = "hello".getBytes(StandardCharsets.US_ASCII);

    for (byte[] bytes : new byte[][] {noise, tiny}) {
      BlobStore.Encoded e = BlobStore.encode(bytes);
      assertThat(e.encoding()).isNull();
      assertThat(e.stored()).isSameAs(bytes);
      assertThat(BlobStore.decode(e.stored(), e.encoding())).isEqualTo(bytes);
    }
  }

  @Test
  void anEncodingThisVersionDoesNotKnowIsAnErrorNotWrongBytes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> BlobStore.decode(new byte[] {1, 2, 3}, "zstd"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("zstd");
  }
}
