package org.parley.web;

/**
 * A request that cannot be answered as asked, with its HTTP status (RFC 9110 §15) and a sentence
 * for a person. The error pages show the sentence; nothing else of the failure reaches the page.
 */
public final class HttpError extends RuntimeException {
  private final int status;
  private final String title;
  private final boolean signIn;

  public HttpError(int status, String title, String message) {
    this(status, title, message, false);
  }

  private HttpError(int status, String title, String message, boolean signIn) {
    super(message, null, false, false);
    this.status = status;
    this.title = title;
    this.signIn = signIn;
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

  /**
   * The page or action needs a signed-in viewer and there is none. The web server answers it in one
   * place: a page (GET) sends the visitor to sign in and come back; a form (POST) gets a 403 page
   * with a link to sign in.
   */
  public static HttpError signInFirst() {
    return new HttpError(403, "Please sign in", "Sign in to do this.", true);
  }

  /** Whether signing in is what the request lacks ({@link #signInFirst}). */
  public boolean asksToSignIn() {
    return signIn;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
