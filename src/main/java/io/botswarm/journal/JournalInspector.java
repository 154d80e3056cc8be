package io.botswarm.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers "what did this entity know at that point": finds an entity's journal by id and rebuilds
 * its state at a sequence number or an instant with the entity's own event handler.
 */
public final class JournalInspector {

  /** An entity found in the journal. */
  public record Target(
      EntityKind<Object, Object> kind,
      String persistenceId,
      String entityId,
      long highestSequenceNr) {}

  /** The state after event {@code sequenceNr} ({@code 0}: before any event). */
  public record Point(Target target, long sequenceNr, Instant at, Object state) {}

  private final JournalSource source;
  private final List<EntityKind<?, ?>> kinds;

  public JournalInspector(JournalSource source, List<EntityKind<?, ?>> kinds) {
    this.source = source;
    this.kinds = List.copyOf(kinds);
  }

  public JournalSource source() {
    return source;
  }

  /**
   * Finds {@code id}, given as a persistence id ({@code Bot|ada}) or as the entity id alone when
   * that is unambiguous.
   */
  public Target resolve(String id) {
    String persistenceId;
    if (id.contains("|")) {
      persistenceId = id;
    } else {
      List<String> matches = source.idsEndingWith(id);
      if (matches.size() > 1)
        throw new JournalException(
            "'" + id + "' is ambiguous: " + String.join(", ", matches) + "; give the full id");
      if (matches.isEmpty()) throw unknown(id);
      persistenceId = matches.get(0);
    }
    long highest = source.highestSequenceNr(persistenceId);
    if (highest == 0) throw unknown(id);
    String type = persistenceId.substring(0, persistenceId.indexOf('|'));
    return new Target(
        kind(type)
            .orElseThrow(
                () ->
                    new JournalException(
                        "no replay is known for entity type '"
                            + type
                            + "' (known: "
                            + typeNames()
                            + ")")),
        persistenceId,
        persistenceId.substring(persistenceId.indexOf('|') + 1),
        highest);
  }

  @SuppressWarnings("unchecked")
  public Optional<EntityKind<Object, Object>> kind(String typeName) {
    return kinds.stream()
        .filter(k -> k.typeName().equals(typeName))
        .findFirst()
        .map(k -> (EntityKind<Object, Object>) k);
  }

  /** The state after event {@code sequenceNr}, which must exist. */
  public Point replayTo(Target target, long sequenceNr) {
    if (sequenceNr < 0 || sequenceNr > target.highestSequenceNr())
      throw new JournalException(
          target.persistenceId()
              + " has "
              + target.highestSequenceNr()
              + " events; sequence number "
              + sequenceNr
              + " is past the end");
    Object[] state = {target.kind().emptyState()};
    Instant[] at = {Instant.EPOCH};
    if (sequenceNr > 0) {
      source.forEach(
          target.persistenceId(),
          source.events(target.persistenceId(), 1, sequenceNr),
          e -> {
            state[0] = target.kind().apply(state[0], e.event());
            at[0] = e.timestamp();
          });
    }
    return new Point(target, sequenceNr, at[0], state[0]);
  }

  /** The state as it was at {@code at}: after the last event written at or before it. */
  public Point replayAt(Target target, Instant at) {
    long sequenceNr = source.sequenceNrAt(target.persistenceId(), at);
    Point point = replayTo(target, sequenceNr);
    return new Point(target, sequenceNr, at, point.state());
  }

  private String typeNames() {
    return String.join(", ", kinds.stream().map(EntityKind::typeName).toList());
  }

  private static JournalException unknown(String id) {
    return new JournalException(
        "unknown id '" + id + "': it has no events in this journal (see 'swarm journal list')");
  }
}
