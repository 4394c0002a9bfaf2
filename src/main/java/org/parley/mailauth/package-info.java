/**
 * Who a message is from, as the Internet can show it: DNS look-ups (dnsjava), DKIM signatures (RFC
 * 6376, RFC 8463) made on the copies the site sends and checked on the mail it receives, SPF (RFC
 * 7208) of the envelope sender and DMARC (RFC 7489) alignment of the header From. The door records
 * what it found on each post; delivery uses the author's DMARC policy to decide whether a copy may
 * keep the author's From.
 */
package org.parley.mailauth;
