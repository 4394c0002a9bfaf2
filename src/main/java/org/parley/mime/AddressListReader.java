package org.parley.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the mailboxes of an address header (RFC 5322 §3.4, with the obsolete forms of §4.4) without
 * ever failing: {@code Name <addr>}, bare {@code addr}, {@code addr (Name)}, quoted names with RFC
 * 2047 encoded words (also inside quotes), groups ({@code team: a@x, b@y;}, whose members are kept
 * and whose name is dropped), source routes, stray commas and unclosed quotes, brackets or
 * comments. Comments may nest to any depth; they are read with a counter, not by recursion.
 *
 * <p>Why not mime4j's {@code LenientAddressParser}: run over the From, To, Cc and Reply-To fields
 * of the test corpora, it loses the name of every {@code addr (Name)} mailbox, the form of older
 * mail and of the kernel archives ({@code ebiederm@xmission.com (Eric W. Biederman)} has no name);
 * it keeps quoted-pairs as typed ({@code "Koyel Das \(Vehere\)"}), spaces inside quotes and source
 * routes; and it decodes names with {@code DecoderUtil} (see {@link HeaderText}).
 */
final class AddressListReader {

  private final EncodedWords words;
  private final Defects defects;

  AddressListReader(EncodedWords words, Defects defects) {
    this.words = words;
    this.defects = defects;
  }

  /** The mailboxes in an unfolded, not yet decoded header value; {@code where} names it. */
  List<Mailbox> read(String text, String where) {
    List<Mailbox> out = new ArrayList<>();
    Pending current = new Pending();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      switch (c) {
        case ',' -> {
          current.finish(out, where);
          current = new Pending();
          i++;
        }
        case ';' -> {
          current.finish(out, where);
          current = new Pending();
          i++;
        }
        case ':' -> {
          if (current.angle == null) {
            current = new Pending(); // a group's display name: dropped
          }
          i++;
        }
        case '<' -> {
          int end = text.indexOf('>', i + 1);
          if (end < 0) {
            defects.add(where + " has an address without its closing '>'");
            end = n;
          }
          current.angle = text.substring(i + 1, end);
          i = end + 1;
        }
        case '"' -> {
          StringBuilder quoted = new StringBuilder();
          int j = i + 1;
          while (j < n && text.charAt(j) != '"') {
            char q = text.charAt(j);
            if (q == '\\' && j + 1 < n) {
              q = text.charAt(++j);
            }
            quoted.append(q);
            j++;
          }
          current.phrase.append(quoted);
          current.lastWasSpace = false;
          i = j + 1;
        }
        case '(' -> {
          int depth = 0;
          StringBuilder comment = new StringBuilder();
          int j = i;
          while (j < n) {
            char q = text.charAt(j);
            if (q == '\\' && j + 1 < n) {
              comment.append(text.charAt(j + 1));
              j += 2;
              continue;
            }
            if (q == '(') {
              depth++;
              if (depth == 1) {
                j++;
                continue;
              }
            } else if (q == ')') {
              depth--;
              if (depth == 0) {
                j++;
                break;
              }
            }
            comment.append(q);
            j++;
          }
          if (current.comment == null && !current.phrase.isEmpty()) {
            current.comment = comment.toString();
          }
          i = j;
        }
        default -> {
          if (Character.isWhitespace(c)) {
            if (!current.phrase.isEmpty() && !current.lastWasSpace) {
              current.phrase.append(' ');
              current.lastWasSpace = true;
            }
          } else {
            current.phrase.append(c);
            current.lastWasSpace = false;
          }
          i++;
        }
      }
    }
    current.finish(out, where);
    return out;
  }

  /** The parts of one mailbox read so far. */
  private final class Pending {
    final StringBuilder phrase = new StringBuilder();
    String angle;
    String comment;
    boolean lastWasSpace;

    void finish(List<Mailbox> out, String where) {
      String phraseText = phrase.toString().strip();
      String name;
      String address;
      if (angle != null) {
        address = withoutRoute(angle);
        name = phraseText;
      } else {
        address = phraseText.replace(" ", "");
        name = comment == null ? "" : comment.strip();
      }
      if (address.isEmpty() && name.isEmpty()) {
        return;
      }
      if (address.isEmpty()) {
        defects.add(where + " has a name without an address: " + name);
        return;
      }
      if (address.indexOf('@') < 0) {
        defects.add(where + " has an address without a domain: " + address);
      }
      out.add(new Mailbox(words.decode(name, where), address));
    }
  }

  /** The addr-spec inside angle brackets, without an obsolete route (§4.4) or white space. */
  private static String withoutRoute(String angle) {
    String address = angle.strip();
    if (address.startsWith("@") && address.indexOf(':') > 0) {
      address = address.substring(address.indexOf(':') + 1);
    }
    StringBuilder out = new StringBuilder(address.length());
    for (int i = 0; i < address.length(); i++) {
      if (!Character.isWhitespace(address.charAt(i))) {
        out.append(address.charAt(i));
      }
    }
    return out.toString();
  }
}
