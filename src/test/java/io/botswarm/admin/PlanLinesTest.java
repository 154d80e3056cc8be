package io.botswarm.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.botswarm.chat.ChatCoordinator.ChatSettingsChanged;
import io.botswarm.chat.ChatSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The apply plan names every setting of a chat that changes (a fresh user's trial: it did not). */
class PlanLinesTest {

  @Test
  void aChangedStarterTopicIsNamed() {
    var before =
        new ChatSettings("Forum", true, List.of(), 0.5, Optional.empty(), Optional.empty());
    var after =
        new ChatSettings(
            "Forum", true, List.of(), 0.5, Optional.empty(), Optional.empty(), true, 4870);
    assertEquals(
        List.of("~ chat -1001 starter_thread_id"),
        PlanLines.forChat(
            "-1001", List.of(new ChatSettingsChanged("-1001", before, after, Instant.EPOCH))));
  }
}
