package org.parley.ingest;

import java.util.Locale;

/** Where a submission came from. Only live sources (mail, web, API) are distributed to members. */
public enum Source {
  SMTP,
  WEB,
  API,
  IMPORT,
  APPROVAL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean distributes() {
    return this != IMPORT;
  }
}
