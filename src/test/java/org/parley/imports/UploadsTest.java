package org.parley.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uploads' folders: names kept safe, zips unpacked inside their folder only, leftovers swept.
 */
class UploadsTest {
  @TempDir Path root;

  @Test
  void aSentNameKeepsItsLastPartAndSafeCharactersAfterItsPlace() throws IOException {
    Uploads uploads = new Uploads(root);
    String folder = uploads.create();
    assertThat(uploads.fileFor(folder, 1, "C:\\Users\\me\\2019-March.txt.gz").getFileName())
        .hasToString("001-2019-March.txt.gz");
    assertThat(uploads.fileFor(folder, 2, "../../etc/passwd").getParent())
        .isEqualTo(uploads.folder(folder));
    assertThat(uploads.fileFor(folder, 3, "..").getFileName()).hasToString("003-_");
    assertThat(uploads.fileFor(folder, 4, "Архив списка.mbox").getFileName())
        .hasToString("004-____________.mbox");
    assertThatThrownBy(() -> uploads.folder("../elsewhere"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aZipUnpacksBesideItselfAndIsDeleted() throws Exception {
    Uploads uploads = new Uploads(root);
    String folder = uploads.create();
    Path zip = uploads.fileFor(folder, 1, "box.zip");
    Files.write(zip, zip("Maildir/cur/1", "Maildir/new/2"));
    assertThat(uploads.unzip(zip, 1000)).isEqualTo(2 * "Subject: x\r\n\r\nHi.\r\n".length());
    assertThat(zip).doesNotExist();
    assertThat(zip.resolveSibling("001-box.zip.d/Maildir/cur/1")).exists();
    assertThat(uploads.paths(folder)).containsExactly(zip.resolveSibling("001-box.zip.d"));
  }

  @Test
  void anEntryLeavingTheFolderRefusesTheZip() throws Exception {
    Uploads uploads = new Uploads(root);
    for (String escaping : new String[] {"../outside.eml", "a/../../outside.eml", "/tmp/x.eml"}) {
      String folder = uploads.create();
      Path zip = uploads.fileFor(folder, 1, "crafted.zip");
      Files.write(zip, zip("fine.eml", escaping));
      assertThatThrownBy(() -> uploads.unzip(zip, 1000))
          .as(escaping)
          .isInstanceOf(Uploads.Refused.class)
          .hasMessageContaining("leads out of the archive");
      uploads.delete(folder);
    }
    assertThat(root.resolve("outside.eml")).doesNotExist();
    assertThat(root.getParent().resolve("outside.eml")).doesNotExist();
  }

  @Test
  void aZipUnpackingPastItsBudgetIsTooLarge() throws Exception {
    Uploads uploads = new Uploads(root);
    String folder = uploads.create();
    Path zip = uploads.fileFor(folder, 1, "big.zip");
    Files.write(zip, zip("a.eml", "b.eml", "c.eml"));
    assertThatThrownBy(() -> uploads.unzip(zip, 40)).isInstanceOf(Uploads.TooLarge.class);
  }

  @Test
  void theSweepKeepsTheFoldersOfImportsToRunAndDeletesTheRest() throws Exception {
    Uploads uploads = new Uploads(root);
    String kept = uploads.create();
    String left = uploads.create();
    Files.writeString(uploads.fileFor(left, 1, "half.mbox"), "From x");
    Files.writeString(uploads.spool().resolve("MultiPart123"), "half an upload");
    uploads.sweep(Set.of(kept));
    assertThat(uploads.folder(kept)).isDirectory();
    assertThat(uploads.folder(left)).doesNotExist();
    assertThat(uploads.spool()).isEmptyDirectory();
  }

  private static byte[] zip(String... names) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String name : names) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write("Subject: x\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    return bytes.toByteArray();
  }
}
