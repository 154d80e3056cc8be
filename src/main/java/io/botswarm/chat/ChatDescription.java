package io.botswarm.chat;

import io.botswarm.serialization.JsonSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the swarm knows of a chat, in every lifecycle phase; not its state, which may change.
 *
 * @param settings the settings that apply ({@code ACTIVE}) or applied last ({@code REMOVED}, and
 *     {@code PENDING} when it ran before)
 * @param pendingTitle the group's title as Telegram gave it when bots were added to it unasked;
 *     empty unless {@code PENDING}
 * @param discoveredBy the bots seen joining it while it was not listed; empty unless {@code
 *     PENDING}
 * @param floodedUntil the member bots Telegram's flood control holds here now, and until when
 *     (asked for no draft before then); not journaled, absent from descriptions of the previous
 *     version
 */
public record ChatDescription(
    String chatId,
    Status status,
    Optional<ChatSettings> settings,
    String pendingTitle,
    List<String> discoveredBy,
    Map<String, Instant> floodedUntil)
    implements JsonSerializable {

  public enum Status {
    /** Never configured nor discovered. */
    UNKNOWN,
    /** Bots were added to it, the swarm definition does not list it: the swarm stays silent. */
    PENDING,
    ACTIVE,
    REMOVED,
    /**
     * A basic group upgraded to a supergroup: the chat runs under the new id ({@code settings} are
     * the ones it had here); this id gets no more sends and is not exported.
     */
    MIGRATED
  }

  public ChatDescription {
    discoveredBy = List.copyOf(discoveredBy);
    floodedUntil = floodedUntil == null ? Map.of() : Map.copyOf(floodedUntil);
  }

  /** A description with no flood to tell of. */
  public ChatDescription(
      String chatId,
      Status status,
      Optional<ChatSettings> settings,
      String pendingTitle,
      List<String> discoveredBy) {
    this(chatId, status, settings, pendingTitle, discoveredBy, Map.of());
  }

  /** The same, with the floods that hold its bots now. */
  ChatDescription withFloods(Map<String, Instant> floods) {
    return new ChatDescription(chatId, status, settings, pendingTitle, discoveredBy, floods);
  }
}
