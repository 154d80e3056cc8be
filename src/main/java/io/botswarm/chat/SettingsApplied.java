package io.botswarm.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.botswarm.serialization.JsonSerializable;
import java.util.List;

/**
 * What applying settings to a chat (or removing it) journaled, in order; for a dry run what it
 * would journal. Empty: nothing to change.
 */
public record SettingsApplied(List<ChatCoordinator.Event> changes) implements JsonSerializable {
  @JsonCreator
  public SettingsApplied {
    changes = List.copyOf(changes);
  }
}
