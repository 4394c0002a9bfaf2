package org.parley.mailtext;

/**
 * The words of one mail the site writes, for its plain-text template: each kind of mail is a
 * record, and the template that writes it takes that record as its one parameter (DESIGN §7.8:
 * typed templates, never a map).
 */
public sealed interface MailText
    permits SignUpLink,
        PasswordLink,
        PrivateReply,
        ForwardedPost,
        RefusalReport,
        Rejection,
        JoinConfirmation,
        Welcome,
        JoinRequestNotice,
        JoinDeclined,
        ModeratorNotice,
        HeldReceipt,
        Invitation,
        SettingsLink,
        BounceProbe,
        BounceDisabled,
        BounceSummary,
        ComplaintNotice,
        DigestContents,
        DigestFooter,
        AbridgedDigest {
  /** The template that writes this text, a path under {@code src/main/jte-plain}. */
  String template();
}
