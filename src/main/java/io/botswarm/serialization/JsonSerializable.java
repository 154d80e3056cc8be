package io.botswarm.serialization;

/**
 * Marker for every message, event, snapshot and reply that crosses the wire or reaches the journal.
 * Bound to Akka's {@code jackson-json} serializer in {@code serialization.conf}, so the journal
 * holds JSON that a person can read with {@code convert_from(event_payload, 'UTF8')}.
 *
 * <p>The journal stores the class name of each event: renaming, moving or reshaping an event record
 * needs a {@code JacksonMigration} registered in {@code serialization.conf}.
 */
public interface JsonSerializable {}
