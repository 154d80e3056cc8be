package io.botswarm.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers "what did this entity know at that point": finds an entity's journal by id and rebuilds
 * its state at a sequence number or an instant with the entity's own event handler.
 */
public final class JournalInspector {

  /**
   * An entity found in the journal.
   *
   * @param others persistence ids of other types with the same entity id (a bot's gateway)
   */
  public record Target(
      EntityKind<Object, Object> kind,
      String persistenceId,
      String entityId,
      long highestSequenceNr,
      List<String> others) {
    public Target {
      others = List.copyOf(others);
    }
  }

  /** The state after event {@code sequenceNr} ({@code 0}: before any event). */
  public record Point(Target target, long sequenceNr, Instant at, Object state) {}

  private final JournalSource source;
  private final List<EntityKind<?, ?>> kinds;

  /**
   * @param kinds the entity types the tools know, in order of preference: an entity id found under
   *     several types (a bot and its gateway) is the first one's
   */
  public JournalInspector(JournalSource source, List<EntityKind<?, ?>> kinds) {
    this.source = source;
    this.kinds = List.copyOf(kinds);
  }

  public JournalSource source() {
    return source;
  }

  /**
   * Finds {@code id}, given as a persistence id ({@code Bot|ada}) or as the entity id alone; an
   * entity id of several types resolves to the preferred one (the bot before its gateway).
   */
  public Target resolve(String id) {
    return resolve(id, Optional.empty());
  }

  /**
   * Finds {@code id} of the entity type {@code type} (a short name such as {@code gateway}, or a
   * type name such as {@code TelegramGateway}); without a type, as {@link #resolve(String)}.
   */
  public Target resolve(String id, Optional<String> type) {
    if (type.isPresent()) {
      EntityKind<Object, Object> kind = kindNamed(type.get());
      String persistenceId = id.contains("|") ? id : kind.typeName() + "|" + id;
      if (!persistenceId.startsWith(kind.typeName() + "|"))
        throw new JournalException(
            "'" + id + "' is not of type " + kind.typeName() + "; drop --type or the type prefix");
      return target(persistenceId, persistenceId);
    }
    if (id.contains("|")) return target(id, id);
    List<String> matches = source.idsEndingWith(id);
    if (matches.isEmpty()) throw unknown(id);
    if (matches.size() == 1) return target(matches.get(0), id);
    for (EntityKind<?, ?> kind : kinds)
      if (matches.contains(kind.typeName() + "|" + id))
        return target(kind.typeName() + "|" + id, id);
    throw new JournalException(
        "'" + id + "' is ambiguous: " + String.join(", ", matches) + "; give the full id");
  }

  private Target target(String persistenceId, String asked) {
    long highest = source.highestSequenceNr(persistenceId);
    if (highest == 0) throw unknown(asked);
    String type = persistenceId.substring(0, persistenceId.indexOf('|'));
    String entityId = persistenceId.substring(persistenceId.indexOf('|') + 1);
    List<String> others =
        source.idsEndingWith(entityId).stream()
            .filter(p -> !p.equals(persistenceId))
            .sorted()
            .toList();
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
        entityId,
        highest,
        others);
  }

  @SuppressWarnings("unchecked")
  public Optional<EntityKind<Object, Object>> kind(String typeName) {
    return kinds.stream()
        .filter(k -> k.typeName().equals(typeName))
        .findFirst()
        .map(k -> (EntityKind<Object, Object>) k);
  }

  /**
   * The kind {@code name} names: its short name or its type name, in any case; an unknown name
   * fails naming the known ones.
   */
  @SuppressWarnings("unchecked")
  public EntityKind<Object, Object> kindNamed(String name) {
    return kinds.stream()
        .filter(k -> k.shortName().equalsIgnoreCase(name) || k.typeName().equalsIgnoreCase(name))
        .findFirst()
        .map(k -> (EntityKind<Object, Object>) k)
        .orElseThrow(
            () ->
                new JournalException(
                    "unknown entity type '"
                        + name
                        + "' (known: "
                        + String.join(", ", kinds.stream().map(EntityKind::shortName).toList())
                        + ")"));
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
