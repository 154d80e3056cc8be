/**
 * Debugging by the journal: read any entity's events ({@link io.botswarm.journal.JournalSource}),
 * rebuild its state at any point with its own event handler ({@link
 * io.botswarm.journal.JournalInspector}), diff two points, and verify every entity's history
 * ({@link io.botswarm.journal.Verifier}). Read-only; each entity type plugs in through {@link
 * io.botswarm.journal.EntityKind}.
 *
 * <p>Depends on {@code store} (which failures mean the database is unavailable), on the entity
 * packages it knows, {@code bot}, {@code chat} and {@code telegram} (their events, states and
 * rules, for {@code BotKind}, {@code ChatKind} and {@code GatewayKind}), and on {@code generation}
 * (the chat lines in a chat's state). Only the command line and the benchmarks depend on it.
 */
package io.botswarm.journal;
