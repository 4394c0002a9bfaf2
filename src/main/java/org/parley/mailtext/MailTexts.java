package org.parley.mailtext;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * Writes the plain-text bodies of the mail the site sends on its own account (sign-up and password
 * links, the framing of a private reply or a forward, notices) from the jte templates of {@code
 * src/main/jte-plain}, precompiled by the build with jte's plain content type (nothing escaped: a
 * mail body is not HTML). No mail body is put together in Java; the callers fill a {@link MailText}
 * record and send what its template writes.
 *
 * <p>This package is jte's second home, beside {@code web} (which renders the pages, as HTML): mail
 * bodies are written by the core too ({@code delivery}'s notices), and the core depends on no edge
 * (docs/adr/0009).
 */
public final class MailTexts {
  /** Where the build puts the plain-text templates' classes (pom.xml, jte-maven-plugin). */
  private static final String PACKAGE = "gg.jte.generated.plain";

  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(
          null, ContentType.Plain, MailTexts.class.getClassLoader(), PACKAGE);

  /** The text {@code mail}'s template writes, with {@code \n} line ends. */
  public String render(MailText mail) {
    StringOutput out = new StringOutput();
    engine.render(mail.template(), mail, out);
    return out.toString();
  }
}
