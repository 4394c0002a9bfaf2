package org.parley.web;

import io.javalin.http.Context;

/**
 * The security headers of every answer: a Content-Security-Policy (CSP Level 3) that allows no
 * inline script and nothing from other sites, not even images — except on a page where the reader
 * asked to show a post's remote images, which allows https images for that one answer — plus {@code
 * X-Content-Type-Options: nosniff}, {@code frame-ancestors 'none'} (and the older {@code
 * X-Frame-Options: DENY}) and a Referrer-Policy that keeps the page's address on this site.
 */
public final class SecurityHeaders {
  private static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none';"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
  }

  /** For this answer only: let https images load (the reader asked to show remote images). */
  public static void allowRemoteImages(Context ctx) {
    ctx.header(
        "Content-Security-Policy", POLICY.replace("img-src 'self'", "img-src 'self' https:"));
  }
}
