package org.parley.delivery.decorations;

import java.util.function.Supplier;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.mime.EditableMessage;

/**
 * The list's own fields, in place of any the post carried in: {@code List-Id} (RFC 2919 §3, also
 * what our {@code loop} rule recognises), {@code List-Post}, {@code List-Archive}, {@code
 * List-Help}, {@code List-Subscribe} and {@code List-Owner} (RFC 2369 §3), and {@code
 * List-Unsubscribe-Post} (RFC 8058 §3.1). The per-member {@code List-Unsubscribe} it promises is
 * added to each copy by {@link org.parley.delivery.CopyTemplate#copyFor}.
 */
public final class ListHeaders implements Decoration {
  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;

  /**
   * @param baseUrl the public URL of the site without a trailing slash
   */
  public ListHeaders(ListAddresses addresses, Supplier<String> baseUrl) {
    this.addresses = addresses;
    this.baseUrl = baseUrl;
  }

  @Override
  public String id() {
    return "list-headers";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) {
    copy.removeIf(field -> field.startsWith("list-"));
    String name = group.name().value();
    String title = group.title() == null || group.title().isBlank() ? name : group.title().strip();
    copy.addMailbox("List-Id", title, addresses.listId(group.name()));
    copy.add("List-Post", "<mailto:" + addresses.post(group.name()) + ">");
    String page = "<" + baseUrl.get() + Links.group(name) + ">";
    copy.add("List-Archive", page);
    // RFC 2369 §3.1 allows any URL; the group's page says what it is and how to join and leave
    copy.add("List-Help", page);
    // the group's page, where a visitor signs in and joins (RFC 2369 §3.3)
    copy.add("List-Subscribe", page);
    copy.add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    // the people who run the group (RFC 2369 §3.6), reached through OwnerMail
    copy.add("List-Owner", "<mailto:" + addresses.owner(group.name()) + ">");
  }
}
