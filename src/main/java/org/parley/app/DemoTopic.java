package org.parley.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.archive.TopicId;
import org.parley.group.GroupName;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;

/**
 * The demo's conversation in "news": Ada forwards a news article (an HTML message written for the
 * demo — the town, paper and people are invented — with an inline photo drawn at seed time, its
 * caption and credit, and one remote image to show the "Show images" choice); Grace answers from
 * the web; Alan answers by mail with the article quoted and a signature; Grace follows up by mail.
 * Every message goes through the Ingestor like any other. Ada has read the first two posts, so the
 * demo shows unread markers and the skip link.
 */
final class DemoTopic {
  private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME;
  static final String ARTICLE_ID = "article-lighthouse@demo.parley.invalid";

  private DemoTopic() {}

  /** Seeds the topic unless the group already has one; does nothing the second time. */
  static void ensure(Site site, GroupName group, List<DemoSeed.Login> logins) {
    org.parley.group.Group g = site.groups().find(group).orElseThrow();
    long groupId = g.id();
    if (site.reader().topicCount(groupId) > 0) {
      return;
    }
    if (!g.showAddresses()) {
      // Members of the demo group see each other's addresses, so the page shows them.
      site.groups().update(g.withShowAddresses(true));
    }
    String address = site.settings().groupAddress(group);
    Instant now = site.clock().instant();
    Account ada = account(site, logins.get(0).email());
    Account grace = account(site, logins.get(1).email());
    Account alan = account(site, logins.get(2).email());

    IngestResult.Accepted first =
        submit(site, group, ada, Source.SMTP, article(ada, address, now.minus(Duration.ofDays(3))));
    String second = "web-reply-1@" + site.settings().domain();
    byte[] graceReply =
        new MessageComposer()
            .compose(
                new Draft(
                    second,
                    now.minus(Duration.ofDays(2)).minus(Duration.ofHours(5)),
                    new Mailbox(grace.shownName(), grace.email().value()),
                    List.of(new Mailbox("News", address)),
                    List.of(),
                    null,
                    "Re: Eastmere's old lighthouse shines again, on tide power",
                    ARTICLE_ID,
                    List.of(ARTICLE_ID),
                    "What a lovely story. The part I like best is that the lamp *stores* power in"
                        + " the old fog-signal tank:\n\n- charge on the flood tide\n- shine on the"
                        + " ebb\n\nDoes anyone know if they publish the logs?",
                    "<p>What a lovely story. The part I like best is that the lamp <em>stores</em>"
                        + " power in the old fog-signal tank:</p>\n<ul>\n<li>charge on the flood"
                        + " tide</li>\n<li>shine on the ebb</li>\n</ul>\n<p>Does anyone know if"
                        + " they publish the logs?</p>\n",
                    Map.of()));
    submit(site, group, grace, Source.WEB, graceReply);
    String alanReply =
        "From: Alan Turing <"
            + alan.email().value()
            + ">\r\n"
            + "To: News <"
            + address
            + ">\r\n"
            + "Subject: Re: Eastmere's old lighthouse shines again, on tide power\r\n"
            + "Date: "
            + RFC_5322.format(now.minus(Duration.ofDays(1)).atZone(ZoneOffset.UTC))
            + "\r\n"
            + "Message-ID: <mail-reply-2@example.com>\r\n"
            + "Cc: Grace Hopper <"
            + grace.email().value()
            + ">\r\n"
            + "In-Reply-To: <"
            + second
            + ">\r\n"
            + "References: <"
            + ARTICLE_ID
            + "> <"
            + second
            + ">\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "They do: the article says the harbour trust posts a monthly log.\r\n"
            + "A quick estimate from their numbers:\r\n"
            + "\r\n"
            + "    tidal range   3.1 m\r\n"
            + "    tank volume   40 m³\r\n"
            + "    lamp          60 W LED, dusk to dawn\r\n"
            + "\r\n"
            + "which works out, with room to spare, even in December.\r\n"
            + "\r\n"
            + "On "
            + RFC_5322.format(now.minus(Duration.ofDays(2)).atZone(ZoneOffset.UTC))
            + ", Grace Hopper wrote:\r\n"
            + "> What a lovely story. The part I like best is that the lamp *stores* power in\r\n"
            + "> the old fog-signal tank.\r\n"
            + ">\r\n"
            + "> Does anyone know if they publish the logs?\r\n"
            + "\r\n"
            + "-- \r\n"
            + "Alan\r\n"
            + "Sent from my phone\r\n";
    submit(site, group, alan, Source.SMTP, alanReply.getBytes(StandardCharsets.UTF_8));
    String graceAgain =
        "From: Grace Hopper <"
            + grace.email().value()
            + ">\r\n"
            + "To: News <"
            + address
            + ">\r\n"
            + "Subject: Re: Eastmere's old lighthouse shines again, on tide power\r\n"
            + "Date: "
            + RFC_5322.format(now.minus(Duration.ofHours(3)).atZone(ZoneOffset.UTC))
            + "\r\n"
            + "Message-ID: <mail-reply-3@example.com>\r\n"
            + "In-Reply-To: <mail-reply-2@example.com>\r\n"
            + "References: <"
            + ARTICLE_ID
            + "> <"
            + second
            + "> <mail-reply-2@example.com>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + "Thanks Alan, that settles it. I'll bring it up at Thursday's meeting.\r\n";
    IngestResult.Accepted last =
        submit(site, group, grace, Source.SMTP, graceAgain.getBytes(StandardCharsets.UTF_8));
    TopicId topic = first.topic();
    int lastSeq = site.reader().lastSeq(last.topic());
    site.readMarks().set(ada.id(), topic, 2);
    site.readMarks().set(grace.id(), topic, lastSeq);
  }

  private static Account account(Site site, String email) {
    return site.accounts().find(EmailAddress.of(email)).orElseThrow();
  }

  private static IngestResult.Accepted submit(
      Site site, GroupName group, Account from, Source source, byte[] raw) {
    IngestResult r =
        site.ingestor()
            .submit(
                new Submission(
                    group,
                    raw,
                    new Envelope(
                        from.email().value(),
                        List.of(site.settings().groupAddress(group)),
                        "demo seed"),
                    source));
    if (r instanceof IngestResult.Accepted a) {
      return a;
    }
    throw new IllegalStateException("the demo topic could not be seeded: " + r);
  }

  /** Ada's forward: multipart/alternative of text and multipart/related(HTML, photo). */
  private static byte[] article(Account ada, String address, Instant date) {
    String photo =
        Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(photo());
    String html =
        "<html><body>\r\n"
            + "<p>Thought you would all enjoy this one &mdash; good news for a change.</p>\r\n"
            + "<p>Ada</p>\r\n"
            + "<p>---------- Forwarded message ---------<br>\r\n"
            + "From: The Eastmere Courier &lt;newsletter@courier.example&gt;<br>\r\n"
            + "Subject: Eastmere's old lighthouse shines again, on tide power</p>\r\n"
            + "<h1>Eastmere's old lighthouse shines again, on tide power</h1>\r\n"
            + "<p><em>By Jo Marsh, coastal affairs &middot; The Eastmere Courier</em></p>\r\n"
            + "<figure>\r\n"
            + "<img src=\"cid:lighthouse-photo@demo.parley.invalid\" alt=\"A white lighthouse on a"
            + " grassy headland at dusk, its lamp lit\" width=\"640\" height=\"360\">\r\n"
            + "<figcaption>The restored lighthouse on Gull Head at dusk, lit for the first time"
            + " since 1987. <small>Photo: M. Okafor / Eastmere Courier</small></figcaption>\r\n"
            + "</figure>\r\n"
            + "<p>After thirty-eight dark years, the lighthouse on Gull Head was switched back on"
            + " last Friday, and this time it needs no cable from the mainland. Volunteers from"
            + " the Eastmere Harbour Trust rebuilt the old fog-signal tank so that the rising tide"
            + " pushes air through a small turbine; the falling tide does the same in reverse.</p>\r\n"
            + "<h2>How it works</h2>\r\n"
            + "<ol>\r\n<li>The flood tide fills the tank and compresses the air above the water.</li>\r\n"
            + "<li>The air drives a turbine that charges a battery bank in the keeper's cottage.</li>\r\n"
            + "<li>The lamp, now a 60&nbsp;W LED, runs from the batteries from dusk to dawn.</li>\r\n</ol>\r\n"
            + "<table border=\"1\" cellpadding=\"4\">\r\n"
            + "<caption>First week of operation</caption>\r\n"
            + "<tr><th>Night</th><th>Hours lit</th><th>Battery at dawn</th></tr>\r\n"
            + "<tr><td>Friday</td><td>11.5</td><td>78%</td></tr>\r\n"
            + "<tr><td>Saturday</td><td>11.6</td><td>74%</td></tr>\r\n"
            + "<tr><td>Sunday</td><td>11.6</td><td>81%</td></tr>\r\n"
            + "</table>\r\n"
            + "<blockquote><p>&ldquo;Fishing boats used it for two hundred years. Now the tide"
            + " that brings them home keeps it lit.&rdquo;</p>"
            + "<p>&mdash; Priya Nandakumar, harbourmaster</p></blockquote>\r\n"
            + "<p>The trust publishes a monthly log of the light's hours on its notice board and"
            + " website. <a href=\"https://example.org/eastmere/lighthouse\">Read the trust's"
            + " notes</a>.</p>\r\n"
            + "<p><img data-x=\"1\" src=\"https://example.org/eastmere/tide-chart.png\""
            + " alt=\"Tide chart for Gull Head\" width=\"320\" height=\"120\"></p>\r\n"
            + "<p><small>This story and everyone in it are invented for the Parley demo.</small></p>\r\n"
            + "</body></html>\r\n";
    String text =
        "Thought you would all enjoy this one - good news for a change.\r\n\r\nAda\r\n\r\n"
            + "---------- Forwarded message ---------\r\n"
            + "From: The Eastmere Courier <newsletter@courier.example>\r\n"
            + "Subject: Eastmere's old lighthouse shines again, on tide power\r\n\r\n"
            + "After thirty-eight dark years, the lighthouse on Gull Head was switched back on\r\n"
            + "last Friday, powered by the tide.\r\n\r\n"
            + "(This story is invented for the Parley demo.)\r\n";
    String raw =
        "From: Ada Lovelace <"
            + ada.email().value()
            + ">\r\n"
            + "To: News <"
            + address
            + ">\r\n"
            + "Subject: Fwd: Eastmere's old lighthouse shines again, on tide power\r\n"
            + "Date: "
            + RFC_5322.format(date.atZone(ZoneOffset.UTC))
            + "\r\n"
            + "Message-ID: <"
            + ARTICLE_ID
            + ">\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/alternative; boundary=\"alt-1\"\r\n"
            + "\r\n"
            + "--alt-1\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + text
            + "--alt-1\r\n"
            + "Content-Type: multipart/related; boundary=\"rel-1\"; type=\"text/html\"\r\n"
            + "\r\n"
            + "--rel-1\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n"
            + "\r\n"
            + html
            + "--rel-1\r\n"
            + "Content-Type: image/jpeg; name=\"gull-head-lighthouse.jpg\"\r\n"
            + "Content-Disposition: inline; filename=\"gull-head-lighthouse.jpg\"\r\n"
            + "Content-ID: <lighthouse-photo@demo.parley.invalid>\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + photo
            + "\r\n"
            + "--rel-1--\r\n"
            + "--alt-1--\r\n";
    return raw.getBytes(StandardCharsets.UTF_8);
  }

  /** A 640x360 JPEG drawn here: a lighthouse on a headland at dusk. */
  static byte[] photo() {
    BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, new Color(24, 34, 78), 0, 250, new Color(236, 140, 84)));
      g.fillRect(0, 0, 640, 260);
      g.setPaint(new GradientPaint(0, 250, new Color(40, 70, 110), 0, 360, new Color(14, 30, 52)));
      g.fillRect(0, 250, 640, 110);
      g.setColor(new Color(255, 214, 150, 90));
      for (int i = 0; i < 12; i++) {
        g.fillRect(60 + i * 45, 270 + (i % 3) * 25, 30, 2);
      }
      g.setColor(new Color(36, 64, 40));
      g.fillPolygon(new Polygon(new int[] {300, 640, 640, 340}, new int[] {230, 170, 300, 300}, 4));
      g.setColor(new Color(242, 242, 236));
      g.fillPolygon(new Polygon(new int[] {452, 488, 480, 460}, new int[] {200, 200, 90, 90}, 4));
      g.setColor(new Color(190, 40, 40));
      g.fillRect(458, 130, 24, 14);
      g.fillRect(462, 78, 16, 12);
      g.setColor(new Color(255, 236, 160));
      g.fill(new Ellipse2D.Double(460, 70, 20, 14));
      g.setColor(new Color(255, 236, 160, 70));
      g.fillPolygon(new Polygon(new int[] {470, 40, 40}, new int[] {77, 40, 120}, 3));
      g.setColor(new Color(255, 255, 255, 160));
      g.setStroke(new BasicStroke(1.5f));
      g.drawOval(560, 40, 30, 30);
    } finally {
      g.dispose();
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
