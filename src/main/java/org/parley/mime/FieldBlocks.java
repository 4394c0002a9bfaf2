package org.parley.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * The blocks of fields that machine-readable report parts carry: a {@code message/delivery-status}
 * part (RFC 3464 §2.1: one block per message, then one per recipient, separated by empty lines) or
 * a {@code message/feedback-report} part (RFC 5965 §3: one block). Each block is read by mime4j as
 * a header section, which is what an empty line ends.
 */
public final class FieldBlocks {
  private FieldBlocks() {}

  /**
   * The blocks of {@code text}, each a list of its fields in order, every value unfolded with its
   * runs of white space made one space. A block is read up to its first line that is neither a
   * field nor a continuation, as a header section ends there; blocks with no field at all are left
   * out.
   */
  public static List<List<Header>> read(String text) {
    List<List<Header>> blocks = new ArrayList<>();
    for (String block : text.replace("\r\n", "\n").split("\n[ \t]*\n")) {
      if (block.isBlank()) {
        continue;
      }
      List<Header> fields = fields(block.strip());
      if (!fields.isEmpty()) {
        blocks.add(fields);
      }
    }
    return blocks;
  }

  /** The value of the first field named {@code name} (ignoring case) in {@code block}. */
  public static Optional<String> value(List<Header> block, String name) {
    return block.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst();
  }

  private static List<Header> fields(String block) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(block.length() + 4);
    out.writeBytes(block.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    List<Header> fields = new ArrayList<>();
    try {
      DefaultMessageBuilder builder = new DefaultMessageBuilder();
      builder.setDecodeMonitor(DecodeMonitor.SILENT);
      builder.setMimeEntityConfig(HeaderSection.config());
      for (Field f : builder.parseHeader(new ByteArrayInputStream(out.toByteArray()))) {
        if (f.getName() == null || f.getName().isBlank()) {
          continue;
        }
        String body = f.getBody() == null ? "" : f.getBody();
        // unfolded, and the folding's indentation made one space: each value is read as one line
        fields.add(
            new Header(f.getName().strip(), MimeUtil.unfold(body).replaceAll("\\s+", " ").strip()));
      }
    } catch (IOException | RuntimeException e) {
      // a block mime4j cannot read as fields has none this reader can use
      return List.of();
    }
    return fields;
  }
}
