package org.parley.web.group;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.parley.group.Group;
import org.parley.importer.ImportFiles;
import org.parley.imports.Imports;
import org.parley.imports.Uploads;
import org.parley.mime.Sizes;
import org.parley.web.Access;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.WebServer;

/**
 * A group's import pages, for those who run it ({@link Access#managed}, as its settings page): the
 * form that uploads archive files ({@code GET /g/<group>/import}, with the group's past imports),
 * the upload itself ({@code POST}), and each import's progress ({@code /g/<group>/import/<id>}).
 *
 * <p>The upload is a multipart form. Its CSRF token travels in the form's action (the query), so
 * the filter checks it without reading the body, and the body is read only once the viewer is known
 * to run the group: Jetty streams each file to disk ({@link #IN_MEMORY} at most in memory), and a
 * body larger than {@code max_import_bytes} is refused with 413 before it is read when it says its
 * length, or as soon as it passes the limit. A zip is unpacked into the upload's folder ({@link
 * Uploads#unzip}); an entry that would land outside it refuses the upload with 400. The files, the
 * import's row and its job are committed before the page answers 303 to the progress page, which
 * follows the import by htmx every second, or by a refresh every two seconds without JavaScript.
 */
public final class ImportPages {
  /** The most of an uploaded file Jetty keeps in memory before it writes the file to disk. */
  static final int IN_MEMORY = 64 * 1024;

  /** How many past imports the import page lists. */
  static final int LISTED = 50;

  /** The request attribute Jetty reads the multipart limits of a request from. */
  private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

  /** One import, as its pages show it. */
  public record Row(
      long id,
      String url,
      List<String> files,
      String state,
      boolean running,
      boolean ended,
      boolean failed,
      long bytesRead,
      long totalBytes,
      String read,
      String total,
      int percent,
      long posts,
      String rate,
      long imported,
      long duplicates,
      long refused,
      long held,
      long failedCount,
      List<String> reasons,
      Dates.Shown created) {}

  /** The import page: the upload form and the group's imports. */
  public record FormModel(
      Chrome chrome,
      String groupTitle,
      String groupUrl,
      String settingsUrl,
      String action,
      String limit,
      List<Row> imports) {}

  /** One import's page, and (with {@code fragment}) the part of it that htmx polls. */
  public record ProgressModel(
      Chrome chrome, String groupTitle, String groupUrl, String importsUrl, Row row) {}

  private final Access access;
  private final Views views;
  private final Dates dates;
  private final Imports imports;
  private final Uploads uploads;
  private final long maxBytes;
  private final Clock clock;

  /**
   * @param maxBytes the most one upload may be ({@code max_import_bytes})
   */
  public ImportPages(
      Access access,
      Views views,
      Dates dates,
      Imports imports,
      Uploads uploads,
      long maxBytes,
      Clock clock) {
    this.access = access;
    this.views = views;
    this.dates = dates;
    this.imports = imports;
    this.uploads = uploads;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  public void register(RoutesConfig r) {
    r.get(Urls.route("/import"), this::form);
    r.post(Urls.route("/import"), this::upload);
    r.get(Urls.route("/import/{id}"), this::progress);
  }

  private void form(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    String base = Urls.group(g.name().value());
    List<Row> rows = imports.ofGroup(g.id(), LISTED).stream().map(i -> row(g, i, v)).toList();
    views.render(
        ctx,
        "group/import.jte",
        new FormModel(
            Chrome.of("Import an archive · " + g.title(), v, "import"),
            g.title(),
            base,
            base + "settings",
            base + "import?csrf=" + Urls.encode(v.csrf(), false),
            Sizes.of(maxBytes),
            rows));
  }

  private void progress(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    Imports.Import im =
        imports.find(id).filter(i -> i.groupId() == g.id()).orElseThrow(HttpError::notFound);
    Row row = row(g, im, v);
    ctx.header("Cache-Control", "no-store");
    if (ctx.header("HX-Request") != null) {
      views.render(ctx, "group/importstatus.jte", row);
      return;
    }
    views.render(
        ctx,
        "group/importprogress.jte",
        new ProgressModel(
            Chrome.of("Import " + im.id() + " · " + g.title(), v, "import"),
            g.title(),
            Urls.group(g.name().value()),
            Urls.group(g.name().value()) + "import",
            row));
  }

  private void upload(Context ctx) throws IOException {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new HttpError(
          400,
          "Choose the files to import",
          "Send the files with the form on the group's import page.");
    }
    long length = ctx.req().getContentLengthLong();
    if (length > maxBytes) {
      throw tooLarge(ctx);
    }
    ctx.req()
        .setAttribute(
            MULTIPART_CONFIG,
            new MultipartConfigElement(uploads.spool().toString(), maxBytes, maxBytes, IN_MEMORY));
    Collection<Part> parts;
    try {
      parts = ctx.req().getParts();
    } catch (IllegalStateException | ServletException | IOException e) {
      if (overLimit(e)) {
        throw tooLarge(ctx); // a body that did not say its length, and passed the limit
      }
      throw new HttpError(
          400,
          "The upload did not arrive whole",
          "The files could not be read from what the browser sent. Try again.");
    }
    String folder = uploads.create();
    boolean committed = false;
    try {
      List<String> names = new ArrayList<>();
      long unpacked = 0;
      for (Part p : parts) {
        String sent = p.getSubmittedFileName();
        if (!"files".equals(p.getName()) || sent == null || (sent.isEmpty() && p.getSize() == 0)) {
          continue;
        }
        Path stored = uploads.fileFor(folder, names.size() + 1, sent);
        // copied, not moved by Part.write: Jetty deletes a part's file once the request ends
        try (java.io.InputStream in = p.getInputStream()) {
          java.nio.file.Files.copy(in, stored);
        }
        names.add(sent.isEmpty() ? "(unnamed)" : sent);
        // a zip counts what it unpacks to (and is deleted once unpacked); any other file itself
        unpacked += Uploads.isZip(sent) ? uploads.unzip(stored, maxBytes - unpacked) : p.getSize();
      }
      if (names.isEmpty()) {
        throw new Uploads.Refused("Choose at least one file to import.");
      }
      ImportFiles.Found found = ImportFiles.find(uploads.paths(folder));
      if (found.files().isEmpty()) {
        throw new Uploads.Refused(
            "No mail was found in what you sent: the files are not mbox files, messages (.eml),"
                + " pipermail months or a zip of a Maildir. Nothing was imported.");
      }
      long id = imports.start(g.id(), v.require().id().value(), folder, names, found.bytes());
      committed = true;
      ctx.redirect(Urls.group(g.name().value()) + "import/" + id, HttpStatus.SEE_OTHER);
    } catch (Uploads.Refused e) {
      throw new HttpError(400, "This upload cannot be imported", e.getMessage());
    } catch (Uploads.TooLarge e) {
      ctx.attribute(WebServer.PAGE_ANSWERED, Boolean.TRUE);
      throw new HttpError(413, "Too large to import", e.getMessage());
    } finally {
      if (!committed) {
        uploads.delete(folder);
      }
      for (Part p : parts) {
        p.delete();
      }
    }
  }

  /**
   * Whether Jetty stopped reading a multipart body because it passed a limit ("max length
   * exceeded", "max file size exceeded"), somewhere in the causes of what it threw.
   */
  private static boolean overLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("max") && (m.contains("exceed") || m.contains("size"))) {
        return true;
      }
    }
    return false;
  }

  private HttpError tooLarge(Context ctx) {
    ctx.attribute(WebServer.PAGE_ANSWERED, Boolean.TRUE);
    return new HttpError(
        413,
        "Too large to import",
        "This site takes at most "
            + Sizes.of(maxBytes)
            + " in one import. Send the files in several uploads, compress them (gzip, bzip2, xz"
            + " or zip), or ask the site's operator to run the parley import command.");
  }

  private Row row(Group g, Imports.Import i, Viewer v) {
    long elapsed =
        i.startedAt()
            .map(s -> Duration.between(s, i.finishedAt().orElse(clock.instant())).toMillis())
            .orElse(0L);
    String rate =
        elapsed >= 1000 && i.messagesDone() > 0
            ? String.format(Locale.ROOT, "%d", Math.round(i.messagesDone() * 1000.0 / elapsed))
            : "";
    long total = Math.max(1, i.totalBytes());
    int percent =
        i.state() == Imports.State.DONE
            ? 100
            : (int) Math.min(100, Math.max(0, i.bytesRead() * 100 / total));
    List<String> reasons = i.reasons().isEmpty() ? List.of() : List.of(i.reasons().split("\n"));
    return new Row(
        i.id(),
        Urls.group(g.name().value()) + "import/" + i.id(),
        i.fileNames(),
        i.state().word(),
        !i.state().ended(),
        i.state().ended(),
        i.state() == Imports.State.FAILED,
        i.state() == Imports.State.DONE ? total : Math.min(i.bytesRead(), total),
        total,
        Sizes.of(i.state() == Imports.State.DONE ? i.totalBytes() : i.bytesRead()),
        Sizes.of(i.totalBytes()),
        percent,
        i.messagesDone(),
        rate,
        i.imported(),
        i.duplicates(),
        i.refused(),
        i.held(),
        i.failed(),
        reasons,
        dates.show(i.createdAt(), v.zone()));
  }
}
