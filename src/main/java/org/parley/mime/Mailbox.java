package org.parley.mime;

/**
 * One mailbox of an address header (RFC 5322 §3.4): a display name, which may be empty, and the
 * address as the sender wrote it, trimmed.
 *
 * @param name the decoded display name, or "" when none was given
 * @param address the addr-spec, e.g. {@code ada@example.org}, or "" when none could be read
 */
public record Mailbox(String name, String address) {

  /** Turns null into "" and trims both parts. */
  public Mailbox {
    name = name == null ? "" : name.strip();
    address = address == null ? "" : address.strip();
  }

  /** What to show a person: the display name, or the address when there is no name. */
  public String display() {
    return name.isEmpty() ? address : name;
  }

  /**
   * The first mailbox with an address in a header's value, read as the parser reads From (any form
   * RFC 5322 allows, obsolete ones included); empty when there is none.
   */
  public static java.util.Optional<Mailbox> first(String value) {
    if (value == null || value.isBlank()) {
      return java.util.Optional.empty();
    }
    Defects defects = new Defects();
    return new AddressListReader(new EncodedWords(new TextDecoder(defects)), defects)
        .read(value, "the header").stream().filter(m -> !m.address().isEmpty()).findFirst();
  }

  /** An address header's mailboxes on one line, for listings: {@code Name <address>, …}. */
  public static String line(java.util.List<Mailbox> list) {
    return list.stream()
        .map(mb -> mb.name().isBlank() ? mb.address() : mb.name() + " <" + mb.address() + ">")
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
