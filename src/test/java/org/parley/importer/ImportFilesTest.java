package org.parley.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files under the paths a person names are found, and read as the mail they hold. */
class ImportFilesTest {
  static final Path DIR = MboxReaderTest.DIR;

  static List<String> messages(ImportFiles.Found found) throws IOException {
    List<String> out = new ArrayList<>();
    AtomicLong read = new AtomicLong();
    for (ImportFile f : found.files()) {
      try (MessageSource s = f.open(read)) {
        byte[] raw;
        while ((raw = s.next()) != null) {
          out.add(new String(raw, StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(read.get()).isEqualTo(found.bytes());
    return out;
  }

  @Test
  void maildirReadsCurAndNewAndSubFoldersWhateverTheFlagsAndSkipsTmp() throws IOException {
    ImportFiles.Found found = ImportFiles.find(List.of(DIR.resolve("maildir")));

    assertThat(found.files()).allMatch(f -> f.kind() == ImportFile.Kind.MESSAGE);
    assertThat(messages(found))
        .extracting(m -> m.lines().filter(l -> l.startsWith("Subject:")).findFirst().orElseThrow())
        .containsExactlyInAnyOrder(
            "Subject: maildir 1", "Subject: maildir 2", "Subject: maildir 4");
    assertThat(found.skipped()).containsExactly(DIR.resolve("maildir/dovecot-uidlist"));
  }

  @Test
  void aDirectoryOfEmlFilesGivesOneMessageEachAndSkipsOtherFiles() throws IOException {
    ImportFiles.Found found = ImportFiles.find(List.of(DIR.resolve("eml")));

    assertThat(messages(found)).hasSize(2).allMatch(m -> m.startsWith("From: Alice"));
    assertThat(found.skipped()).containsExactly(DIR.resolve("eml/notes.txt"));
  }

  @Test
  void mboxFilesAreKnownByTheirFirstLineCompressedOrNot() throws IOException {
    ImportFiles.Found found =
        ImportFiles.find(
            List.of(
                DIR.resolve("mboxrd.mbox.xz"),
                DIR.resolve("2007-April.txt.gz"),
                DIR.resolve("eml/a.eml")));

    assertThat(found.files())
        .extracting(ImportFile::kind)
        .containsExactly(ImportFile.Kind.MBOX, ImportFile.Kind.MBOX, ImportFile.Kind.MESSAGE);
    assertThat(messages(found)).hasSize(3 + 2 + 1);
  }

  @Test
  void aPathThatIsNotThereIsNamed() {
    assertThatThrownBy(() -> ImportFiles.find(List.of(DIR.resolve("nowhere.mbox"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nowhere.mbox");
  }

  @Test
  void aNamedFileThatIsNotMailIsSkippedNotArchived(@TempDir Path tmp) throws IOException {
    Path picture = tmp.resolve("junk.bin");
    byte[] bytes = new byte[1000];
    new java.util.Random(3).nextBytes(bytes);
    Files.write(picture, bytes);
    Path pdf = tmp.resolve("minutes.pdf");
    Files.writeString(pdf, "%PDF-1.7\n%âãÏÓ\n1 0 obj\n");

    ImportFiles.Found found = ImportFiles.find(List.of(picture, pdf, DIR.resolve("eml/a.eml")));

    assertThat(found.files())
        .extracting(ImportFile::path)
        .containsExactly(DIR.resolve("eml/a.eml"));
    assertThat(found.skipped()).containsExactly(picture, pdf);
  }
}
