package org.parley.web;

import java.util.Optional;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.Joining;
import org.parley.group.Visibility;
import org.parley.member.Member;
import org.parley.member.MemberStore;

/**
 * Who may see and do what: the one place that decides it (DESIGN §3), asked by every page, the
 * attachment and raw downloads, and later search, feeds and the API. Who may read a group is its
 * {@link Visibility}: anyone, signed in or not; anyone signed in; its active members; or only its
 * owners and managers, site admins always. A group the viewer may not read answers 404, never 403,
 * so its existence is not revealed.
 */
public final class Access {
  private final GroupStore groups;
  private final MemberStore members;

  public Access(GroupStore groups, MemberStore members) {
    this.groups = groups;
    this.members = members;
  }

  /** Whether the viewer may read the group's pages and messages. */
  public boolean canRead(Group group, Viewer viewer) {
    return admits(group.visibility(), group, viewer);
  }

  /**
   * Whether the viewer may see the group's member list (its {@code member-list} setting), which
   * needs reading the group too.
   */
  public boolean canSeeMembers(Group group, Viewer viewer) {
    return canRead(group, viewer) && admits(group.memberList(), group, viewer);
  }

  /** Whether the viewer is in {@code audience} of {@code group}. */
  private boolean admits(Visibility audience, Group group, Viewer viewer) {
    if (audience == Visibility.PUBLIC || viewer.siteAdmin()) {
      return true;
    }
    if (!viewer.signedIn()) {
      return false;
    }
    Optional<Member> m = membership(group, viewer).filter(Member::active);
    return audience.admits(true, m.isPresent(), m.map(Member::canModerate).orElse(false));
  }

  /** The group by its name in a URL, if the viewer may read it; otherwise 404. */
  public Group readable(String name, Viewer viewer) {
    Group group = named(name);
    if (!canRead(group, viewer)) {
      throw HttpError.notFound();
    }
    return group;
  }

  /**
   * The group by its name in a URL, when the viewer holds a membership of it, whatever the
   * membership's status. A member whose delivery bounces or a complaint turned off no longer reads
   * a private group, but their own settings page is still theirs: it is where they turn delivery
   * back on. Empty for anyone else, and for a name that is no group.
   */
  public Optional<Group> ofOwnMembership(String name, Viewer viewer) {
    if (!viewer.signedIn()) {
      return Optional.empty();
    }
    Group group;
    try {
      group = named(name);
    } catch (HttpError e) {
      return Optional.empty();
    }
    return membership(group, viewer).map(m -> group);
  }

  private Group named(String name) {
    GroupName groupName;
    try {
      groupName = GroupName.of(name);
    } catch (IllegalArgumentException e) {
      throw HttpError.notFound();
    }
    return groups.find(groupName).orElseThrow(HttpError::notFound);
  }

  /**
   * The group by its name in a URL, if the viewer may read it or ask to join it; otherwise 404. A
   * group that asks ({@link Joining#ASK}) must be found to be asked: to anyone who may not read it,
   * its page shows its title, its description and the form that asks, nothing of its topics. Any
   * other group the viewer may not read is a 404, as one that does not exist: an invited-only
   * group, and a private group open to anyone (every private group's joining was "open" before
   * asking existed, and their owners never chose to be found).
   */
  public Group findable(String name, Viewer viewer) {
    Group group = named(name);
    if (!canRead(group, viewer) && group.joining() != Joining.ASK) {
      throw HttpError.notFound();
    }
    return group;
  }

  public Optional<Member> membership(Group group, Viewer viewer) {
    return viewer.account().flatMap(a -> members.find(group.id(), a.id()));
  }

  /**
   * Whether the viewer may post from the web: the group takes posts on the web, the viewer is
   * signed in and may read it, and is an active member where only members post, or an owner or
   * manager of an announcement group. (The screen rules still decide on the message itself.)
   */
  public boolean canPost(Group group, Viewer viewer) {
    if (!group.postOnWeb() || !viewer.signedIn() || !canRead(group, viewer)) {
      return false;
    }
    Optional<Member> m = membership(group, viewer).filter(Member::active);
    return switch (group.posting()) {
      case ANYONE -> true;
      case MEMBERS -> m.isPresent();
      case MANAGERS -> m.map(Member::canModerate).orElse(false);
    };
  }

  /** Whether authors' addresses are shown: the group allows it and the viewer is in it. */
  public boolean seesAddresses(Group group, Viewer viewer) {
    return group.showAddresses() && (viewer.siteAdmin() || membership(group, viewer).isPresent());
  }

  /**
   * Whether the viewer may see a post's original, the raw message as received (and a message
   * attached to a post): the group's active members and site admins. It holds the addresses of the
   * sender and every recipient, which the page masks for everyone else, so anyone else is refused
   * it, in a public group too (RELIABILITY G3, G5).
   */
  public boolean seesOriginal(Group group, Viewer viewer) {
    return viewer.siteAdmin() || membership(group, viewer).map(Member::active).orElse(false);
  }

  /**
   * Whether the viewer runs the group: its active owners and managers, and site admins. They change
   * its settings and clear its moderation queue; anyone else is answered as if those pages did not
   * exist (404).
   */
  public boolean canManage(Group group, Viewer viewer) {
    return viewer.siteAdmin()
        || membership(group, viewer).filter(Member::active).map(Member::canModerate).orElse(false);
  }

  public boolean canJoin(Group group, Viewer viewer) {
    return viewer.signedIn()
        && group.openToJoin()
        && canRead(group, viewer)
        && membership(group, viewer).isEmpty();
  }

  /**
   * The group by its name in a URL, if the viewer runs it ({@link #canManage}): the one check of
   * every page for those who run a group (its settings, its moderation queue). A signed-out visitor
   * is asked to sign in whatever the group, so the answer says nothing about it; anyone else who
   * may not gets the same 404 as a group they may not read.
   */
  public Group managed(String name, Viewer viewer) {
    if (!viewer.signedIn()) {
      throw HttpError.signInFirst();
    }
    Group group = readable(name, viewer);
    if (!canManage(group, viewer)) {
      throw HttpError.notFound();
    }
    return group;
  }
}
