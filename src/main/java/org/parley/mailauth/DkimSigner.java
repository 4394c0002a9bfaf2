package org.parley.mailauth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs a complete message with one DKIM key (RFC 6376 §5; RFC 8463 for Ed25519) and gives the
 * {@code DKIM-Signature} field to put on top of it: {@code v=1}, the key's algorithm, {@code
 * c=relaxed/relaxed}, {@code d=}, {@code s=}, {@code t=} now, {@code h=} and {@code bh=}, folded
 * into lines of at most 78 characters.
 *
 * <p>The fields that say who wrote the message, to whom, about what and how it is read ({@link
 * #SIGNED_FIELDS}) are oversigned (RFC 6376 §5.4.2, §8.15): each is listed once more than the
 * message has it, so a field of that name added on the way breaks the signature instead of showing
 * beside a valid one; a field the message lacks is listed once, so none can be added.
 */
public final class DkimSigner {
  /** The fields every signature covers, each once more than the message has it. */
  public static final List<String> SIGNED_FIELDS =
      List.of(
          "From",
          "To",
          "Cc",
          "Subject",
          "Date",
          "Message-ID",
          "Reply-To",
          "In-Reply-To",
          "References",
          "MIME-Version",
          "Content-Type",
          "Content-Transfer-Encoding",
          "Sender",
          "List-Id",
          "List-Post",
          "List-Unsubscribe",
          "List-Unsubscribe-Post",
          "List-Archive",
          "List-Help",
          "List-Subscribe",
          "List-Owner");

  /** The longest line of a field this signer writes (RFC 5322 §2.1.1's "SHOULD"). */
  static final int LINE = 78;

  private final DkimKey key;
  private final Clock clock;

  /**
   * @param clock gives the signature's {@code t=}
   */
  public DkimSigner(DkimKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  /**
   * The {@code DKIM-Signature} field for {@code message}, ending in CRLF, to be put above its first
   * field.
   *
   * @param message the complete message, lines ending in CRLF (as the relay sends it)
   */
  public String signatureField(byte[] message) {
    DkimMessage m = DkimMessage.of(message);
    List<String> names = new ArrayList<>();
    for (String name : SIGNED_FIELDS) {
      for (int i = m.count(name); i >= 0; i--) {
        names.add(name);
      }
    }
    String bh = Base64.getEncoder().encodeToString(DkimCrypto.sha256(m.body(true)));
    Folder f = new Folder("DKIM-Signature:");
    f.add("v=1;", true);
    f.add("a=" + key.algorithm().tag() + ";", true);
    f.add("c=relaxed/relaxed;", true);
    f.add("d=" + key.domain() + ";", true);
    f.add("s=" + key.selector() + ";", true);
    f.add("t=" + clock.instant().getEpochSecond() + ";", true);
    for (int i = 0; i < names.size(); i++) {
      String token = names.get(i) + (i == names.size() - 1 ? ";" : ":");
      f.add(i == 0 ? "h=" + token : token, i == 0);
    }
    f.add("bh=" + bh + ";", true);
    f.add("b=", true);
    String unsigned = f.text();
    byte[] data = DkimCrypto.headerData(m, names, unsigned, true);
    byte[] b = DkimCrypto.sign(key.algorithm(), key.privateKey(), data);
    f.addSplit(Base64.getEncoder().encodeToString(b));
    return f.text() + "\r\n";
  }

  /**
   * {@code message} signed with each of {@code keys}: their fields on top, the last key's first.
   * Each signs the message as it was given, so none covers another's signature.
   */
  public static byte[] sign(List<DkimKey> keys, Clock clock, byte[] message) {
    if (keys.isEmpty()) {
      return message;
    }
    byte[] crlf = DkimMessage.crlf(message);
    StringBuilder fields = new StringBuilder();
    for (DkimKey k : keys) {
      fields.insert(0, new DkimSigner(k, clock).signatureField(crlf));
    }
    byte[] head = fields.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[head.length + crlf.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(crlf, 0, out, head.length, crlf.length);
    return out;
  }

  /** Writes a field's tokens, folding before one that would make its line too long. */
  private static final class Folder {
    private final StringBuilder text;
    private int lineLength;

    Folder(String start) {
      this.text = new StringBuilder(start);
      this.lineLength = start.length();
    }

    /** Adds {@code token}, after a space if {@code spaced}, on a new line if it would not fit. */
    void add(String token, boolean spaced) {
      int width = token.length() + (spaced ? 1 : 0);
      if (lineLength + width > LINE) {
        text.append("\r\n ").append(token);
        lineLength = 1 + token.length();
      } else {
        text.append(spaced ? " " : "").append(token);
        lineLength += width;
      }
    }

    /** Adds {@code value} right after what is there, breaking it wherever a line is full. */
    void addSplit(String value) {
      int i = 0;
      while (i < value.length()) {
        int room = LINE - lineLength;
        if (room <= 0) {
          text.append("\r\n ");
          lineLength = 1;
          continue;
        }
        int end = Math.min(value.length(), i + room);
        text.append(value, i, end);
        lineLength += end - i;
        i = end;
      }
    }

    String text() {
      return text.toString();
    }
  }
}
