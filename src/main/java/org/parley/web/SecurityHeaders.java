package org.parley.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p>Jetty answers some requests before any route sees them (a bad URI: 400; headers too large:
 * 431); {@link #jettyErrors} gives those answers the same headers.
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
   * Jetty's error handler for the answers it makes itself (400, 413, 431 before routing): its plain
   * page, no stack trace, with our headers.
   */
  static ErrorHandler jettyErrors(boolean https) {
    ErrorHandler handler =
        new ErrorHandler() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            common(https).forEach((name, value) -> response.getHeaders().put(name, value));
            return super.handle(request, response, callback);
          }
        };
    handler.setShowStacks(false);
    handler.setShowCauses(false);
    return handler;
  }
}
