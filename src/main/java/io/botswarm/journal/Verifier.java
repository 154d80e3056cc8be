package io.botswarm.journal;

import io.botswarm.journal.JournalSource.RawRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Replays every entity in the journal and checks what must hold: sequence numbers contiguous from
 * 1, every event readable and applicable, and the entity's own invariants after each event.
 */
public final class Verifier {

  public record Violation(String persistenceId, long sequenceNr, String problem) {
    @Override
    public String toString() {
      return persistenceId + " #" + sequenceNr + ": " + problem;
    }
  }

  public record Report(long entities, long events, List<Violation> violations, Duration took) {
    public boolean clean() {
      return violations.isEmpty();
    }
  }

  private final JournalInspector inspector;

  public Verifier(JournalInspector inspector) {
    this.inspector = inspector;
  }

  /**
   * Checks every entity of {@code type} (all types when empty).
   *
   * @param progress told the number of events checked so far, every few thousand
   */
  public Report verify(Optional<String> type, LongConsumer progress) {
    long start = System.nanoTime();
    var run = new Run();
    inspector
        .source()
        .forEachRow(
            type,
            row -> {
              run.check(row);
              if (run.events % 5000 == 0) progress.accept(run.events);
            });
    progress.accept(run.events);
    return new Report(
        run.entities, run.events, run.violations, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The state of one pass: rows arrive ordered by persistence id, then sequence number. */
  private final class Run {
    final List<Violation> violations = new ArrayList<>();
    long entities;
    long events;
    String persistenceId;
    String entityId;
    EntityKind<Object, Object> kind;
    Object state;
    long expected;
    boolean broken;

    void check(RawRow row) {
      events++;
      if (!row.persistenceId().equals(persistenceId)) startEntity(row.persistenceId());
      if (row.sequenceNr() != expected) {
        violations.add(
            new Violation(
                persistenceId,
                row.sequenceNr(),
                row.sequenceNr() > expected
                    ? "sequence numbers jump from "
                        + (expected - 1)
                        + " to "
                        + row.sequenceNr()
                        + (row.sequenceNr() - expected == 1
                            ? ": event " + expected + " is missing"
                            : ": events "
                                + expected
                                + " to "
                                + (row.sequenceNr() - 1)
                                + " are missing")
                    : "sequence number " + row.sequenceNr() + " comes after " + (expected - 1)));
        broken = true;
      }
      expected = row.sequenceNr() + 1;
      var read =
          inspector
              .source()
              .serialization()
              .deserialize(row.payload(), row.serializerId(), row.manifest());
      if (read.isFailure()) {
        violations.add(
            new Violation(
                persistenceId,
                row.sequenceNr(),
                "cannot be read ("
                    + row.manifest()
                    + "): "
                    + UnreadableEventException.reason(read.failed().get())));
        broken = true;
        return;
      }
      if (kind == null || broken) return;
      Object event = read.get();
      try {
        Object after = kind.apply(state, event);
        for (String problem : kind.violations(entityId, state, event, after))
          violations.add(new Violation(persistenceId, row.sequenceNr(), problem));
        state = after;
      } catch (RuntimeException e) {
        violations.add(
            new Violation(persistenceId, row.sequenceNr(), "does not apply: " + e.getMessage()));
        broken = true;
      }
    }

    void startEntity(String id) {
      entities++;
      persistenceId = id;
      int bar = id.indexOf('|');
      entityId = bar < 0 ? id : id.substring(bar + 1);
      kind = bar < 0 ? null : inspector.kind(id.substring(0, bar)).orElse(null);
      state = kind == null ? null : kind.emptyState();
      expected = 1;
      broken = false;
    }
  }
}
