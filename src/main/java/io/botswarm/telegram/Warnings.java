package io.botswarm.telegram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lines a gateway's status shows an operator ({@link TelegramGateway.Status#warnings}), each
 * under a name, so that whoever finds a problem (privacy mode, a conflict, a refused send) puts its
 * line, replaces it when the problem changes and removes it when it is over. A line about something
 * that has passed (a conflict that ended, ids that restarted) may say until when it is worth
 * showing. Newest last. Used by the gateway actor only.
 */
final class Warnings {

  private record Line(String text, Optional<Instant> until) {}

  private final Map<String, Line> lines = new LinkedHashMap<>();

  /** Shows {@code text} under {@code name} from now on, as the newest line. */
  void put(String name, String text) {
    lines.remove(name);
    lines.put(name, new Line(text, Optional.empty()));
  }

  /** Shows {@code text} under {@code name} until {@code until}, as the newest line. */
  void put(String name, String text, Instant until) {
    lines.remove(name);
    lines.put(name, new Line(text, Optional.of(until)));
  }

  void remove(String name) {
    lines.remove(name);
  }

  /** The lines still worth showing at {@code now}, oldest first. */
  List<String> lines(Instant now) {
    lines.values().removeIf(l -> l.until().isPresent() && !now.isBefore(l.until().get()));
    List<String> out = new ArrayList<>();
    lines.values().forEach(l -> out.add(l.text()));
    return out;
  }
}
