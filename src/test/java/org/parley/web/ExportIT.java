package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.cli.Cli;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.testkit.Mboxrd;

/**
 * Issue 20, item 2: a group's archive, and one conversation's, downloaded as gzip'd mboxrd over
 * HTTP ({@code /g/<group>/mbox.gz}, {@code /g/<group>/t/<id>/mbox.gz}) and by {@code parley
 * export}. Split by mboxrd's rules, each message is byte for byte the raw message the site stored,
 * with 8-bit bodies and body lines that begin "From " and "&gt;From " intact. Removed posts are not
 * in it, and a private group's download is the same 404 as a missing group to outsiders.
 */
class ExportIT {
  @TempDir Path dir;
  WebSite web;
  Group history;
  Group secret;
  final List<String> ids = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir.resolve("site"));
    history = web.group("history", true);
    secret = web.group("secret", false);
    web.member(history, "ada@example.com", "Ada Lovelace");
    web.member(secret, "ada@example.com", "Ada Lovelace");
    web.account("outsider@example.com", "Outsider", ZoneId.of("UTC"));
    send("history", "first@example.com", "Engines", null, firstBody());
    send("history", "reply@example.com", "Re: Engines", "first@example.com", "Agreed.\n");
    send("history", "other@example.com", "Looms", null, "From a loom, a pattern.\n");
    send("history", "spam@example.com", "Buy now", null, "Cheap engines.\n");
    send("secret", "hidden@example.com", "Plans", null, "Between us.\n");
    Post spam = post(history, "spam@example.com");
    web.site.removals().remove(history.id(), spam.id(), new ChangedBy.CommandLine("test"), "spam");
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  /** Eight-bit text and the lines an mbox writer must quote, and one it must leave alone. */
  private static String firstBody() {
    return "Grüße aus Zürich: the engine runs.\n"
        + "\n"
        + "From the start it was meant to weave.\n"
        + ">From a letter, quoted once.\n"
        + ">>From a letter, quoted twice.\n"
        + " From a line that begins with a space.\n"
        + "Fromage is not a separator.\n";
  }

  private void send(String group, String id, String subject, String inReplyTo, String body)
      throws Exception {
    ids.add(id);
    web.smtp(
        "ada@example.com",
        group + "@lists.test",
        WebSite.message(group, "Ada Lovelace <ada@example.com>", id, subject, inReplyTo, body));
  }

  private Post post(Group g, String id) {
    return web.site.reader().postsByMessageId(g.id(), MessageId.of(id)).get(0);
  }

  private byte[] raw(Group g, String id) {
    try {
      return web.site.reader().raw(post(g, id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The messages of a group's export, as stored, in the order they arrived. */
  private List<byte[]> stored(String... messageIds) {
    List<byte[]> raws = new ArrayList<>();
    for (String id : messageIds) {
      raws.add(raw(history, id));
    }
    return raws;
  }

  @Test
  void aMemberDownloadsTheGroupAndATopicByteForByte() {
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    assertThat(ada.get("/g/history/").body()).contains("href=\"/g/history/mbox.gz\"");
    long topic = post(history, "first@example.com").topicId().value();
    assertThat(ada.get("/g/history/t/" + topic + "/").body())
        .contains("href=\"/g/history/t/" + topic + "/mbox.gz\"");

    HttpResponse<byte[]> all = ada.bytes("/g/history/mbox.gz");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type")).hasValue("application/gzip");
    assertThat(all.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"history.mbox.gz\"");
    byte[] mbox = gunzip(all.body());
    String text = new String(mbox, StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith("From ada@example.com ")
        .contains("\n>From the start it was meant to weave.\r\n")
        .contains("\n>>From a letter, quoted once.\r\n")
        .contains("\n>>>From a letter, quoted twice.\r\n")
        .contains("\n From a line that begins with a space.\r\n")
        .contains("\n>From a loom, a pattern.\r\n")
        .contains("Grüße aus Zürich")
        .doesNotContain("Cheap engines");
    assertThat(Mboxrd.split(mbox))
        .as("every message shown, as stored, in the order it arrived; the removed one left out")
        .containsExactlyElementsOf(
            stored("first@example.com", "reply@example.com", "other@example.com"));

    HttpResponse<byte[]> one = ada.bytes("/g/history/t/" + topic + "/mbox.gz");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"history-topic-" + topic + ".mbox.gz\"");
    assertThat(Mboxrd.split(gunzip(one.body())))
        .containsExactlyElementsOf(stored("first@example.com", "reply@example.com"));

    HttpResponse<byte[]> privateOne = ada.bytes("/g/secret/mbox.gz");
    assertThat(privateOne.statusCode()).isEqualTo(200);
    assertThat(Mboxrd.split(gunzip(privateOne.body())))
        .containsExactly(raw(secret, "hidden@example.com"));
  }

  @Test
  void outsidersGetNoMbox() {
    WebClient outsider = web.client();
    outsider.login("outsider@example.com", WebSite.PASSWORD);
    long secretTopic = post(secret, "hidden@example.com").topicId().value();
    long historyTopic = post(history, "first@example.com").topicId().value();
    for (WebClient c : List.of(web.client(), outsider)) {
      // the same page as for a group that does not exist, but for the address it was asked at
      String missing = c.get("/g/nosuch/mbox.gz").body().replace("nosuch", "secret");
      HttpResponse<String> group = c.get("/g/secret/mbox.gz");
      assertThat(group.statusCode()).isEqualTo(404);
      assertThat(group.body()).isEqualTo(missing).doesNotContain("Between us");
      HttpResponse<String> topic = c.get("/g/secret/t/" + secretTopic + "/mbox.gz");
      assertThat(topic.statusCode()).isEqualTo(404);
      assertThat(topic.body()).doesNotContain("Between us");
      // a public group's originals hold its members' addresses: for members only, as "raw" is
      HttpResponse<String> open = c.get("/g/history/mbox.gz");
      assertThat(open.statusCode()).isEqualTo(403);
      assertThat(open.body()).contains("only for the group's members").doesNotContain("ada@");
      assertThat(c.get("/g/history/t/" + historyTopic + "/mbox.gz").statusCode()).isEqualTo(403);
      assertThat(c.get("/g/history/").body()).doesNotContain("mbox.gz");
    }
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    assertThat(ada.get("/g/history/t/" + secretTopic + "/mbox.gz").statusCode())
        .as("a topic of another group")
        .isEqualTo(404);
    assertThat(ada.get("/g/history/t/999999/mbox.gz").statusCode()).isEqualTo(404);
  }

  record Run(int code, byte[] out, String err) {}

  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintStream sysout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Run(code, captured.toByteArray(), err.toString());
    } finally {
      System.setOut(sysout);
    }
  }

  @Test
  void theCommandLineExportsWhileTheSiteRuns() throws Exception {
    String data = dir.resolve("site").toString();
    Path gz = dir.resolve("history.mbox.gz");
    Run all = cli("export", "--data", data, "history", "-o", gz.toString());
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.err().strip()).isEqualTo("exported 3 post(s) of history to " + gz);
    assertThat(Mboxrd.split(gunzip(Files.readAllBytes(gz))))
        .containsExactlyElementsOf(
            stored("first@example.com", "reply@example.com", "other@example.com"));

    long topic = post(history, "first@example.com").topicId().value();
    Run one = cli("export", "--data", data, "history", "--topic", "" + topic, "-o", "-");
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(Mboxrd.split(one.out()))
        .as("standard output takes the mbox as it is")
        .containsExactlyElementsOf(stored("first@example.com", "reply@example.com"));

    Path plain = dir.resolve("secret.mbox");
    assertThat(cli("export", "--data", data, "secret", "-o", plain.toString()).code()).isZero();
    assertThat(Mboxrd.split(Files.readAllBytes(plain)))
        .containsExactly(raw(secret, "hidden@example.com"));

    Run noGroup = cli("export", "--data", data, "nosuch", "-o", gz.toString());
    assertThat(noGroup.code()).isEqualTo(1);
    assertThat(noGroup.err().strip()).isEqualTo("parley: no group named nosuch");
    Run noTopic = cli("export", "--data", data, "history", "--topic", "999999", "-o", "-");
    assertThat(noTopic.code()).isEqualTo(1);
    assertThat(noTopic.err().strip()).isEqualTo("parley: group history has no topic 999999");
    Path nowhere = dir.resolve("no-such-dir").resolve("x.mbox");
    Run unwritable = cli("export", "--data", data, "history", "-o", nowhere.toString());
    assertThat(unwritable.code()).isEqualTo(1);
    assertThat(unwritable.err().lines()).hasSize(1);
    assertThat(unwritable.err()).startsWith("parley: cannot write " + nowhere);
    assertThat(nowhere).doesNotExist();
  }
}
