package io.botswarm.chat;

import io.botswarm.serialization.JsonSerializable;
import java.time.Instant;

/** What a coordinator answers a draft: admitted (and on its way), deferred until a slot, or not. */
public sealed interface Verdict extends JsonSerializable
    permits Verdict.Admitted, Verdict.Deferred, Verdict.Rejected {

  /** Journaled as {@code draftId} and handed to the transport. */
  record Admitted(long draftId) implements Verdict {}

  /** Over a limit, waiting (not journaled) for a slot at {@code until}. */
  record Deferred(Instant until, String reason) implements Verdict {}

  record Rejected(RejectReason reason, String detail) implements Verdict {}
}
