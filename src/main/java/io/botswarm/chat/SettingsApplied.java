package io.botswarm.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.botswarm.chat.ChatCoordinator.ChatConfigured;
import io.botswarm.chat.ChatCoordinator.ChatDiscovered;
import io.botswarm.chat.ChatCoordinator.ChatRemoved;
import io.botswarm.chat.ChatCoordinator.ChatSettingsChanged;
import io.botswarm.chat.ChatCoordinator.MemberAdded;
import io.botswarm.chat.ChatCoordinator.MemberChanged;
import io.botswarm.chat.ChatCoordinator.MemberRemoved;
import io.botswarm.serialization.JsonSerializable;
import java.util.List;

/**
 * What applying settings to a chat (or removing it) journaled, in order; for a dry run what it
 * would journal. Empty: nothing to change.
 *
 * @param changes named by their simple class name when the reply crosses nodes; the type id is on
 *     this list only, so that events in the journal keep their shape
 */
public record SettingsApplied(
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({
          @JsonSubTypes.Type(ChatConfigured.class),
          @JsonSubTypes.Type(ChatSettingsChanged.class),
          @JsonSubTypes.Type(MemberAdded.class),
          @JsonSubTypes.Type(MemberRemoved.class),
          @JsonSubTypes.Type(MemberChanged.class),
          @JsonSubTypes.Type(ChatRemoved.class),
          @JsonSubTypes.Type(ChatDiscovered.class)
        })
        List<ChatCoordinator.Event> changes)
    implements JsonSerializable {
  @JsonCreator
  public SettingsApplied {
    changes = List.copyOf(changes);
  }
}
