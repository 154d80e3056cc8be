package io.botswarm.journal;

/** An event in the journal that cannot be deserialized: which one, and why. */
public final class UnreadableEventException extends JournalException {

  private final String persistenceId;
  private final long sequenceNr;

  public UnreadableEventException(String persistenceId, long sequenceNr, Throwable cause) {
    super(
        "event " + sequenceNr + " of " + persistenceId + " cannot be read: " + reason(cause),
        cause);
    this.persistenceId = persistenceId;
    this.sequenceNr = sequenceNr;
  }

  public String persistenceId() {
    return persistenceId;
  }

  public long sequenceNr() {
    return sequenceNr;
  }

  /** The innermost message, first line only: Jackson's messages go on with a location dump. */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message).strip();
  }
}
