package org.parley.mime;

/**
 * Text to add at the end of a message's readable text, such as a mailing list's footer, in the two
 * forms a message may show it in.
 *
 * @param text for a text/plain body or part, whole lines ending in a line break; it also makes up
 *     the new text/plain part when the message has to be wrapped
 * @param html for a text/html body or part, an HTML fragment put in before {@code </body>}
 */
public record Appendix(String text, String html) {}
