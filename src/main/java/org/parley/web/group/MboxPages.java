package org.parley.web.group;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.parley.archive.ArchiveReader;
import org.parley.archive.MboxExport;
import org.parley.archive.TopicId;
import org.parley.group.Group;
import org.parley.web.Access;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive as a download ({@code GET /g/<group>/mbox.gz}, {@code GET
 * /g/<group>/t/<topicId>/mbox.gz}, DESIGN §6): every post of the group, or of one conversation, as
 * an mboxrd file of the raw messages as received ({@link MboxExport}), gzip'd, streamed as it is
 * read so that no archive is ever held in memory. Removed posts are not in it.
 *
 * <p>Who may download it is who may see the originals: a group's active members and the site's
 * admins ({@link Access#seesOriginal}), since raw messages hold every address the pages mask. A
 * group the viewer may not read is the same 404 as one that does not exist; a reader of a public
 * group who is not a member gets 403 with the sentence the raw message's page gives.
 */
public final class MboxPages {
  private static final Logger log = LoggerFactory.getLogger(MboxPages.class);

  private static final String FOR_MEMBERS =
      "The archive's download holds the original messages, with the addresses of their senders"
          + " and recipients, so it is only for the group's members. Its text is on the group's"
          + " pages.";

  private final ArchiveReader reader;
  private final MboxExport export;
  private final Access access;

  public MboxPages(ArchiveReader reader, Access access) {
    this.reader = reader;
    this.export = new MboxExport(reader);
    this.access = access;
  }

  public void register(RoutesConfig r) {
    r.get(Urls.route("/mbox.gz"), this::group);
    r.get(Urls.route("/t/{topic}/mbox.gz"), this::topic);
  }

  private void group(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = downloadable(ctx, v);
    send(ctx, g, null, g.name().value() + ".mbox.gz");
  }

  private void topic(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.readable(ctx.pathParam("group"), v);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("topic").strip());
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    TopicId topic =
        reader
            .topic(new TopicId(id))
            .filter(t -> t.groupId() == g.id())
            .orElseThrow(HttpError::notFound)
            .id();
    if (!access.seesOriginal(g, v)) {
      throw HttpError.forbidden(FOR_MEMBERS);
    }
    send(ctx, g, topic, g.name().value() + "-topic-" + id + ".mbox.gz");
  }

  private Group downloadable(Context ctx, Viewer v) {
    Group g = access.readable(ctx.pathParam("group"), v);
    if (!access.seesOriginal(g, v)) {
      throw HttpError.forbidden(FOR_MEMBERS);
    }
    return g;
  }

  /**
   * Streams the export. Once the first bytes are out the status cannot change: a failure after that
   * is logged and the response cut short, which a client sees as a truncated gzip stream rather
   * than a whole file with messages missing.
   */
  private void send(Context ctx, Group g, TopicId topic, String filename) {
    ctx.contentType("application/gzip");
    // the group's name is its address's local part, plain ASCII
    ctx.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    ctx.header("Cache-Control", "private, no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    try (OutputStream gzip = new GZIPOutputStream(ctx.outputStream(), 64 * 1024)) {
      int n = export.write(g.id(), topic, gzip);
      log.debug("group {}: exported {} post(s) as {}", g.name(), n, filename);
    } catch (IOException e) {
      throw new UncheckedIOException("export of " + filename + " failed", e);
    }
  }
}
