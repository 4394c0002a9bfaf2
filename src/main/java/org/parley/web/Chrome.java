package org.parley.web;

import java.util.List;
import org.parley.group.Group;
import org.parley.group.Links;

/**
 * What the layout around every page needs: the title, who is signed in and the CSRF token for the
 * sign-out form.
 *
 * @param userName the signed-in person's name, or "" when signed out
 * @param bodyClass a class for {@code <body>}, naming the page (for CSS and keyboard shortcuts)
 * @param paused the banner's sentence while posting is paused (signed-in members), else ""
 * @param feeds the Atom feeds of what the page shows, linked from its head for feed readers
 */
public record Chrome(
    String title,
    String userName,
    boolean siteAdmin,
    String csrf,
    String bodyClass,
    String paused,
    List<Feed> feeds) {

  /** An Atom feed of a page (RFC 4287), as {@code <link rel="alternate">} names it. */
  public record Feed(String title, String url) {
    /** The feeds of a group's page: its new topics and all its posts. */
    public static List<Feed> ofGroup(Group g) {
      String name = g.name().value();
      return List.of(
          new Feed(g.title() + ": new topics", Links.topicsFeed(name)),
          new Feed(g.title() + ": all posts", Links.postsFeed(name)));
    }

    /** The feed of a conversation's page. */
    public static List<Feed> ofTopic(Group g, long topicId, String subject) {
      return List.of(
          new Feed(subject + " (" + g.title() + ")", Links.topicFeed(g.name().value(), topicId)));
    }
  }

  public static Chrome of(String title, Viewer viewer, String bodyClass) {
    return new Chrome(
        title,
        viewer.account().map(a -> a.shownName()).orElse(""),
        viewer.siteAdmin(),
        viewer.csrf(),
        bodyClass,
        viewer.paused(),
        List.of());
  }

  /** This chrome with the page's feeds in its head. */
  public Chrome withFeeds(List<Feed> feeds) {
    return new Chrome(title, userName, siteAdmin, csrf, bodyClass, paused, List.copyOf(feeds));
  }

  public boolean signedIn() {
    return !userName.isEmpty();
  }
}
