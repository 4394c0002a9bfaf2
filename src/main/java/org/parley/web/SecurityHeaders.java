package org.parley.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The security headers of every answer: a Content-Security-Policy (CSP Level 3) that allows no
 * inline script and nothing from other sites, not even images — except on a page where the reader
 * asked to show a post's remote images, which allows https images for that one answer — plus {@code
 * X-Content-Type-Options: nosniff}, {@code frame-ancestors 'none'} (and the older {@code
 * X-Frame-Options: DENY}), a Referrer-Policy that keeps the page's address on this site, {@code
 * Cross-Origin-Opener-Policy: same-origin} (a page opened from another site gets no handle on
 * ours), and, when the site's base URL is https, HSTS for a year (RFC 6797).
 *
 * <p>Nothing dynamic may be stored by a shared cache or kept by the browser ({@code Cache-Control:
 * private, no-store}, {@code Vary: Cookie}, RELIABILITY F5/F7): a page for one viewer must never be
 * served to another. A handler whose answer may be cached says so itself (our assets, a public
 * group's attachments).
 *
 * <p>Jetty answers some requests before any route sees them (a bad URI: 400; an address over 8 KB:
 * 414; headers too large: 431); {@link #jettyErrors} gives those answers the same headers and a
 * page that says what to do.
 */
public final class SecurityHeaders {
  private static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none';"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** HSTS for a year, as RELIABILITY F5 and the HSTS preload list ask for at least. */
  static final String HSTS = "max-age=31536000";

  private SecurityHeaders() {}

  /** The headers of every answer, ours and Jetty's; HSTS only when the site is on https. */
  static Map<String, String> common(boolean https) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", POLICY);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "same-origin");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    if (https) {
      h.put("Strict-Transport-Security", HSTS);
    }
    h.put("Cache-Control", "private, no-store");
    h.put("Vary", "Cookie");
    return h;
  }

  static void apply(Context ctx, boolean https) {
    common(https).forEach(ctx::header);
  }

  /** For this answer only: let https images load (the reader asked to show remote images). */
  public static void allowRemoteImages(Context ctx) {
    ctx.header(
        "Content-Security-Policy", POLICY.replace("img-src 'self'", "img-src 'self' https:"));
  }

  /**
   * Jetty's error handler for the answers it makes itself (400, 413, 414, 431 before routing): a
   * page of ours that says in a sentence what went wrong, no stack trace, with our headers.
   */
  static ErrorHandler jettyErrors(boolean https) {
    ErrorHandler handler = new EarlyErrors(https);
    handler.setShowStacks(false);
    handler.setShowCauses(false);
    return handler;
  }

  /**
   * What a person is told when Jetty refuses a request before any route sees it, in place of
   * Jetty's table of status, message and URI; ASCII only, since Jetty picks the page's charset from
   * the client's Accept-Charset.
   */
  static String explain(int status) {
    return switch (status) {
      case 400 ->
          "The address or the request could not be read. Check the link (a character may have been"
              + " lost when it was copied) and try again.";
      case 413 -> "What was sent is larger than this site accepts.";
      case 414 ->
          "The address is too long for this site (more than 8 KB). If it is a search, shorten the"
              + " query and search again.";
      case 431 ->
          "The request carried more header data than this site accepts, most often too many or too"
              + " large cookies for this site. Remove this site's cookies in the browser and try"
              + " again.";
      default -> "The request could not be handled.";
    };
  }

  private static final class EarlyErrors extends ErrorHandler {
    private final boolean https;

    EarlyErrors(boolean https) {
      this.https = https;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      common(https).forEach((name, value) -> response.getHeaders().put(name, value));
      return super.handle(request, response, callback);
    }

    @Override
    protected void writeErrorHtml(
        Request request, Writer writer, Charset charset, int code, String message, Throwable cause)
        throws IOException {
      String reason = HttpStatus.getMessage(code);
      writer.write(
          "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\""
              + charset.name()
              + "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              + "<title>"
              + code
              + " "
              + reason
              + " - Parley</title>\n<link rel=\"stylesheet\" href=\"/assets/parley.css\">\n"
              + "</head>\n<body>\n<main id=\"main\">\n<section class=\"message\">\n<h1>"
              + reason
              + "</h1>\n<p>"
              + explain(code)
              + "</p>\n<p><a href=\"/\">Go to the list of groups</a></p>\n</section>\n</main>\n"
              + "</body>\n</html>\n");
    }
  }
}
