package io.botswarm.store;

/** The database cannot be reached or used; the message is meant for the person running us. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
