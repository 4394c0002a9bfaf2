package org.parley.mime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * Writes one header field folded once (RFC 5322 §2.2.3): a line break goes in before white space
 * that is already in the value, so lines stay within 78 characters where the tokens allow, the
 * first token always stays beside the field name, and unfolding gives back the value exactly.
 *
 * <p>A value that is already folded is unfolded first. Folding a folded value again is how Parley
 * once wrote an empty line into the middle of a header section (issue 15: {@code References: <a>
 * <b>\r\n\r\n <c>}), which ended the header early.
 */
public final class FieldFolding {
  /** RFC 5322 §2.1.1: lines SHOULD be no more than 78 characters, excluding the CRLF. */
  static final int LINE = 78;

  private FieldFolding() {}

  /** {@code name: value}, folded, without the final CRLF. */
  public static String field(String name, String value) {
    String unfolded = MimeUtil.unfold(value == null ? "" : value).strip();
    StringBuilder out = new StringBuilder(name.length() + unfolded.length() + 16);
    out.append(name).append(':');
    int lineStart = 0;
    boolean tokenOnLine = false;
    int i = 0;
    String chunk = unfolded.isEmpty() ? "" : " ";
    // Chunks are a run of white space and the token after it; the first gets the single space
    // after the colon.
    while (i < unfolded.length()) {
      int tokenStart = i;
      while (tokenStart < unfolded.length() && isWsp(unfolded.charAt(tokenStart))) {
        tokenStart++;
      }
      int tokenEnd = tokenStart;
      while (tokenEnd < unfolded.length() && !isWsp(unfolded.charAt(tokenEnd))) {
        tokenEnd++;
      }
      String space = i == 0 ? chunk : unfolded.substring(i, tokenStart);
      String token = unfolded.substring(tokenStart, tokenEnd);
      int lineLength = out.length() - lineStart;
      if (tokenOnLine && lineLength + space.length() + token.length() > LINE) {
        out.append("\r\n");
        lineStart = out.length();
      }
      out.append(space).append(token);
      tokenOnLine = true;
      i = tokenEnd;
    }
    return out.toString();
  }

  private static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * mime4j's writer with every field written through {@link #field}: its own writer folds a field
   * it did not parse, even one folded already.
   */
  static final class Writer extends DefaultMessageWriter {
    @Override
    public void writeField(Field field, OutputStream out) throws IOException {
      String body = field.getBody();
      out.write(field(field.getName(), body).getBytes(StandardCharsets.UTF_8));
      out.write(new byte[] {'\r', '\n'});
    }
  }
}
