package org.parley.web;

/** A form field as sent back to the page: what was typed and, if it was refused, why. */
public record Field(String value, String error) {
  public static final Field EMPTY = new Field("", "");

  public Field {
    value = value == null ? "" : value;
    error = error == null ? "" : error;
  }

  public static Field of(String value) {
    return new Field(value, "");
  }

  public boolean hasError() {
    return !error.isEmpty();
  }

  public Field withError(String message) {
    return new Field(value, message);
  }
}
