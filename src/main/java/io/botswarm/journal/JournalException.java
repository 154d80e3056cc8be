package io.botswarm.journal;

/** A journal question that has no answer (unknown id, a point past the end); meant for people. */
public class JournalException extends RuntimeException {
  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
