package io.botswarm.journal;

import io.botswarm.telegram.TelegramGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bot's Telegram gateway as the journal tools see it: replayed by {@link
 * TelegramGateway#applyEvent}, checked that every acknowledgement moves the offset forward (an
 * offset taken twice would hand the coordinators the same updates again) and that a re-base (update
 * ids Telegram restarted lower) starts from the offset there was and goes back. Its persistence ids
 * carry the bot's id ({@code TelegramGateway|ada}), so the tools prefer the bot for a bare id.
 */
public final class GatewayKind implements EntityKind<TelegramGateway.State, TelegramGateway.Event> {

  @Override
  public String typeName() {
    return TelegramGateway.ENTITY_KEY.name();
  }

  @Override
  public String shortName() {
    return "gateway";
  }

  @Override
  public Class<TelegramGateway.Event> eventClass() {
    return TelegramGateway.Event.class;
  }

  @Override
  public TelegramGateway.State emptyState() {
    return new TelegramGateway.State(0);
  }

  @Override
  public TelegramGateway.State apply(TelegramGateway.State state, TelegramGateway.Event event) {
    return TelegramGateway.applyEvent(state, event);
  }

  @Override
  public List<String> violations(
      String entityId,
      TelegramGateway.State before,
      TelegramGateway.Event event,
      TelegramGateway.State after) {
    List<String> found = new ArrayList<>();
    if (event instanceof TelegramGateway.UpdatesAcknowledged e) {
      if (!entityId.equals(e.botId()))
        found.add("event belongs to bot " + e.botId() + ", not " + entityId);
      if (e.offset() <= before.offset())
        found.add(
            "offset "
                + e.offset()
                + " acknowledged after "
                + before.offset()
                + ": the offset must grow");
    }
    if (event instanceof TelegramGateway.OffsetRebased e) {
      if (!entityId.equals(e.botId()))
        found.add("event belongs to bot " + e.botId() + ", not " + entityId);
      if (e.from() != before.offset())
        found.add("offset re-based from " + e.from() + " when it was " + before.offset());
      if (e.to() >= e.from())
        found.add(
            "offset re-based from "
                + e.from()
                + " to "
                + e.to()
                + ": a re-base goes back (ids restarted lower)");
    }
    return found;
  }

  @Override
  public String describe(TelegramGateway.State state, Instant asOf) {
    return String.format(
        "gateway: the coordinators have every update up to offset %d%n", state.offset());
  }
}
