package org.parley.web;

/**
 * What the layout around every page needs: the title, who is signed in and the CSRF token for the
 * sign-out form.
 *
 * @param userName the signed-in person's name, or "" when signed out
 * @param bodyClass a class for {@code <body>}, naming the page (for CSS and keyboard shortcuts)
 * @param paused the banner's sentence while posting is paused (signed-in members), else ""
 */
public record Chrome(
    String title,
    String userName,
    boolean siteAdmin,
    String csrf,
    String bodyClass,
    String paused) {

  public static Chrome of(String title, Viewer viewer, String bodyClass) {
    return new Chrome(
        title,
        viewer.account().map(a -> a.shownName()).orElse(""),
        viewer.siteAdmin(),
        viewer.csrf(),
        bodyClass,
        viewer.paused());
  }

  public boolean signedIn() {
    return !userName.isEmpty();
  }
}
