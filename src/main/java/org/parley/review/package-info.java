/**
 * The moderation queue's decisions and the mail around them (issue 18, item 4): approving,
 * rejecting, discarding, always allowing or banning the sender of a held message, on the web, on
 * the command line or by a reply to the moderators' notice ({@link
 * org.parley.review.HeldDecisions}); the moderators' hourly notice ({@link
 * org.parley.review.ModeratorNotices}); the notice to a held message's sender ({@link
 * org.parley.review.HeldReceipts}); and the expiry of what waited too long ({@link
 * org.parley.review.HeldExpiry}). It sits above the ingest path (an approval takes it again) and
 * delivery (the notices are outgoing mail), which is why it is not part of {@code moderation}: the
 * rules there run inside the ingest path.
 */
package org.parley.review;
