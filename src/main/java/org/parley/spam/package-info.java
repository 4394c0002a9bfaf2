/**
 * A spam filter in front of the site: the clients that hand an incoming message to rspamd (its HTTP
 * {@code /checkv2} API) or SpamAssassin's spamd (the SPAMC protocol) before the screen, and the
 * gate the ingest path asks ({@link org.parley.spam.SpamGate}). The site setting {@code
 * spam_filter} names the filter; the {@code spam-score} and {@code spam-refuse} rules read what it
 * found.
 */
package org.parley.spam;
