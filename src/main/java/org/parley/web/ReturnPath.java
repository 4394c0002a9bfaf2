package org.parley.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a visitor goes back to after signing in: always a path on this site, never another host, so
 * {@code /login?next=} cannot be used to send someone elsewhere (an open redirect). A value is
 * taken only when it starts with a single {@code /} (not {@code //} nor {@code /\}, which browsers
 * read as another host) and holds no backslash and nothing but printable ASCII (a request's path
 * and query come percent-encoded; whitespace and control characters could bend the header it is
 * sent in); anything else becomes {@code /}. A path cannot carry a scheme, as it starts with {@code
 * /}.
 *
 * @param value a path and query on this site, such as {@code /g/news/new}
 */
public record ReturnPath(String value) {
  /** The front page, where an unusable value leads. */
  public static final ReturnPath HOME = new ReturnPath("/");

  private static final int MAX_LENGTH = 2000;

  /** Only what {@link #parse} would keep. */
  public ReturnPath {
    if (!local(value)) {
      throw new IllegalArgumentException("not a path on this site: " + value);
    }
  }

  /** {@code candidate} when it is a path on this site, else {@link #HOME}. */
  public static ReturnPath parse(String candidate) {
    return local(candidate) ? new ReturnPath(candidate) : HOME;
  }

  /**
   * The page a request should come back to after signing in: for a GET (or HEAD), its own path and
   * query; for a form that was sent (a POST), the page the form was on when the browser says so
   * ({@code Referer} of this same site), else the front page.
   */
  public static ReturnPath of(Context ctx) {
    HandlerType method = ctx.method();
    if (method == HandlerType.GET || method == HandlerType.HEAD) {
      String query = ctx.queryString();
      return parse(ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query));
    }
    String referer = ctx.header("Referer");
    if (referer == null) {
      return HOME;
    }
    try {
      URI from = new URI(referer);
      URI here = new URI(ctx.url());
      if (from.getRawAuthority() == null
          || !from.getRawAuthority().equalsIgnoreCase(here.getRawAuthority())
          || !here.getScheme().equalsIgnoreCase(String.valueOf(from.getScheme()))) {
        return HOME;
      }
      String path =
          from.getRawPath() == null || from.getRawPath().isEmpty() ? "/" : from.getRawPath();
      return parse(path + (from.getRawQuery() == null ? "" : "?" + from.getRawQuery()));
    } catch (URISyntaxException e) {
      return HOME;
    }
  }

  /** The sign-in page that comes back here: {@code /login?next=…}, or {@code /login} for home. */
  public String loginUrl() {
    return this.equals(HOME)
        ? "/login"
        : "/login?next=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static boolean local(String s) {
    return s != null
        && !s.isEmpty()
        && s.length() <= MAX_LENGTH
        && s.charAt(0) == '/'
        && !s.startsWith("//")
        && s.indexOf('\\') < 0
        && s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }
}
