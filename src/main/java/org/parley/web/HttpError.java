package org.parley.web;

/**
 * A request that cannot be answered as asked, with its HTTP status (RFC 9110 §15) and a sentence
 * for a person. The error pages show the sentence; nothing else of the failure reaches the page.
 */
public final class HttpError extends RuntimeException {
  private final int status;
  private final String title;

  public HttpError(int status, String title, String message) {
    super(message, null, false, false);
    this.status = status;
    this.title = title;
  }

  public static HttpError notFound() {
    return new HttpError(
        404,
        "Not found",
        "There is nothing here. The address may be mistyped, or the page may have moved or be"
            + " private.");
  }

  public static HttpError forbidden(String message) {
    return new HttpError(403, "Not allowed", message);
  }

  public static HttpError signInFirst() {
    return new HttpError(403, "Please sign in", "Sign in to do this.");
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
