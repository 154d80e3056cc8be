package io.botswarm.testing;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import io.botswarm.store.embedded.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes journal rows straight into a database, as akka-persistence-jdbc would: for histories no
 * entity would write (gaps, corrupt payloads, old event versions), and snapshots an older version
 * wrote.
 */
public final class JournalRows {

  private final String url;
  private final ActorSystem<?> system;

  public JournalRows(String url, ActorSystem<?> system) {
    this.url = url;
    this.system = system;
  }

  /** Serializes each event with the system's serializer and writes it at its sequence number. */
  public void write(String persistenceId, Map<Long, ?> events) throws SQLException {
    var serialization = SerializationExtension.get(Adapter.toClassic(system));
    for (var e : new TreeMap<>(events).entrySet()) {
      Serializer serializer = serialization.findSerializerFor(e.getValue());
      writeRow(
          persistenceId,
          e.getKey(),
          serializer.identifier(),
          Serializers.manifestFor(serializer, e.getValue()),
          serializer.toBinary(e.getValue()));
    }
  }

  /** Writes {@code json} as the payload of an event of class {@code manifest}, readable or not. */
  public void writeJson(
      String persistenceId, long sequenceNr, Object sample, String manifest, String json)
      throws SQLException {
    int serializerId =
        SerializationExtension.get(Adapter.toClassic(system))
            .findSerializerFor(sample)
            .identifier();
    writeRow(
        persistenceId, sequenceNr, serializerId, manifest, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code json} as a snapshot of class {@code manifest} taken at {@code sequenceNr}, as
   * akka-persistence-jdbc stores one: for snapshots an older version wrote.
   */
  public void writeSnapshotJson(
      String persistenceId, long sequenceNr, Object sample, String manifest, String json)
      throws SQLException {
    int serializerId =
        SerializationExtension.get(Adapter.toClassic(system))
            .findSerializerFor(sample)
            .identifier();
    try (var conn = DriverManager.getConnection(url, LocalPostgres.USER, "");
        var st =
            conn.prepareStatement(
                "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot_ser_id,"
                    + " snapshot_ser_manifest, snapshot_payload) VALUES (?, ?, ?, ?, ?, ?)")) {
      st.setString(1, persistenceId);
      st.setLong(2, sequenceNr);
      st.setLong(3, System.currentTimeMillis());
      st.setInt(4, serializerId);
      st.setString(5, manifest);
      st.setBytes(6, json.getBytes(StandardCharsets.UTF_8));
      st.executeUpdate();
    }
  }

  private void writeRow(String pid, long seq, int serializerId, String manifest, byte[] payload)
      throws SQLException {
    try (var conn = DriverManager.getConnection(url, LocalPostgres.USER, "");
        var st =
            conn.prepareStatement(
                "INSERT INTO event_journal (persistence_id, sequence_number, writer,"
                    + " write_timestamp, adapter_manifest, event_ser_id, event_ser_manifest, event_payload)"
                    + " VALUES (?, ?, 'test', ?, '', ?, ?, ?)")) {
      st.setString(1, pid);
      st.setLong(2, seq);
      st.setLong(3, System.currentTimeMillis());
      st.setInt(4, serializerId);
      st.setString(5, manifest);
      st.setBytes(6, payload);
      st.executeUpdate();
    }
  }

  public void delete(String... persistenceIds) throws SQLException {
    try (var conn = DriverManager.getConnection(url, LocalPostgres.USER, "");
        var st =
            conn.prepareStatement("DELETE FROM event_journal WHERE persistence_id = ANY (?)")) {
      st.setArray(1, conn.createArrayOf("varchar", persistenceIds));
      st.executeUpdate();
    }
  }
}
