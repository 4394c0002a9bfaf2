package org.parley.digest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * A MIME digest as mime4j reads it (strictly: a malformed header or boundary fails the test): its
 * subject, the content type of the whole and of each of its three parts, the table of contents and
 * the footer as text, and the Message-ID and subject of each message in the multipart/digest.
 */
record Mime4jDigest(
    String subject,
    String type,
    List<String> partTypes,
    String contents,
    String footer,
    List<String> messageIds,
    List<String> subjects) {

  static Mime4jDigest read(byte[] raw) throws IOException {
    DefaultMessageBuilder builder = new DefaultMessageBuilder();
    builder.setMimeEntityConfig(MimeConfig.STRICT);
    Message m = builder.parseMessage(new ByteArrayInputStream(raw));
    List<String> partTypes = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> subjects = new ArrayList<>();
    String contents = null;
    String footer = null;
    if (m.getBody() instanceof Multipart mixed) {
      List<Entity> parts = mixed.getBodyParts();
      for (Entity part : parts) {
        partTypes.add(part.getMimeType());
      }
      contents = text(parts.get(0));
      footer = text(parts.get(parts.size() - 1));
      if (parts.size() > 1 && parts.get(1).getBody() instanceof Multipart digest) {
        for (Entity e : digest.getBodyParts()) {
          Message inner = (Message) e.getBody();
          ids.add(inner.getMessageId());
          subjects.add(inner.getSubject());
        }
      }
    }
    return new Mime4jDigest(
        m.getSubject(), m.getMimeType(), partTypes, contents, footer, ids, subjects);
  }

  private static String text(Entity part) throws IOException {
    if (!(part.getBody() instanceof TextBody body)) {
      return null;
    }
    try (InputStream in = body.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
