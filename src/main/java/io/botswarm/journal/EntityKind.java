package io.botswarm.journal;

import java.time.Instant;
import java.util.List;

/**
 * What the journal tools need to know of one entity type: its persistence id prefix, how its state
 * starts, its own event handler, and the invariants its history must keep.
 *
 * @param <S> the entity's state
 * @param <E> the entity's event
 */
public interface EntityKind<S, E> {

  /** The entity type name, which prefixes its persistence ids ({@code Bot|ada}). */
  String typeName();

  /** What {@code --type} calls it ({@code bot}); the type name works too. */
  String shortName();

  Class<E> eventClass();

  S emptyState();

  /** The entity's own event handler; never a second implementation. */
  S apply(S state, E event);

  /**
   * What is wrong with {@code event} given the state before it and after it; empty when nothing.
   *
   * @param entityId the id after the {@code |} of the persistence id
   */
  List<String> violations(String entityId, S before, E event, S after);

  /** The state for a person to read, as it stood at {@code asOf} (time-dependent parts aged). */
  String describe(S state, Instant asOf);
}
