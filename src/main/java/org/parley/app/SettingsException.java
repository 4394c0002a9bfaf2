package org.parley.app;

/** A setting is missing or wrong; the message names the key and what is expected. */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }
}
