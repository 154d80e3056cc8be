package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.chat.ChatCoordinator.ChatConfigured;
import io.botswarm.chat.ChatCoordinator.ChatDiscovered;
import io.botswarm.chat.ChatCoordinator.ChatRemoved;
import io.botswarm.chat.ChatCoordinator.ChatSettingsChanged;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.MemberAdded;
import io.botswarm.chat.ChatCoordinator.MemberChanged;
import io.botswarm.chat.ChatCoordinator.MemberRemoved;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.ChatCoordinator.Unconfigured;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.chat.ChatSettings.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an operator's change journals, computed without an entity. */
class ChatSettingsDiffTest {

  static final String CHAT = "-100123";
  static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
  static final ChatLimits DEFAULTS = new ChatLimits(1, 20, 12, 30, Duration.ofSeconds(20));
  static final Member ANNA = new Member("anna_bot", "anna_bot", "Anna", List.of("gold"));
  static final Member BORIS = new Member("boris_bot", "boris_bot", "Boris", List.of("oil"));
  static final Member CARLA = new Member("carla_bot", "carla_bot", "Carla", List.of("bitcoin"));

  static ChatSettings declared(List<Member> members) {
    return new ChatSettings(
        "Market Talk", true, members, 0.5, Optional.empty(), Optional.empty(), null);
  }

  /** A chat configured with {@code settings} as the coordinator does it, then {@code events}. */
  static State running(ChatSettings settings, Event... events) {
    State state =
        ChatCoordinator.applyEvent(
            Unconfigured.INSTANCE,
            new ChatConfigured(CHAT, settings.withDefaultLimits(DEFAULTS), T0));
    for (Event e : events) state = ChatCoordinator.applyEvent(state, e);
    return state;
  }

  static List<Event> diff(State state, ChatSettings desired) {
    return ChatSettingsDiff.apply(CHAT, state, desired.withDefaultLimits(DEFAULTS), T0);
  }

  @Test
  void theSameSettingsAgainChangeNothingDefaultLimitsAndMemberOrderIncluded() {
    State state = running(declared(List.of(ANNA, BORIS)));
    assertEquals(List.of(), diff(state, declared(List.of(ANNA, BORIS))));
    assertEquals(List.of(), diff(state, declared(List.of(BORIS, ANNA))));
    // The defaults spelled out are the same settings as the defaults left out.
    var explicit =
        new ChatSettings(
            "Market Talk",
            true,
            List.of(ANNA, BORIS),
            0.5,
            Optional.empty(),
            Optional.of(DEFAULTS),
            true);
    assertEquals(List.of(), diff(state, explicit));
  }

  @Test
  void anOldJournalsSettingsHaveStartersOn() {
    assertTrue(declared(List.of()).starters());
  }

  @Test
  void anIdleChatGetsStartersOnlyWhenTheyAreOn() {
    Instant later = T0.plus(Duration.ofMinutes(10));
    var on = (ChatState) running(declared(List.of(ANNA)));
    assertTrue(on.wantsStarter(later, Duration.ofMinutes(5)));
    assertFalse(on.wantsStarter(T0.plus(Duration.ofMinutes(1)), Duration.ofMinutes(5)), "not idle");
    var off =
        (ChatState)
            running(
                new ChatSettings(
                    "Market Talk",
                    true,
                    List.of(ANNA),
                    0.5,
                    Optional.empty(),
                    Optional.empty(),
                    false));
    assertFalse(off.wantsStarter(later, Duration.ofMinutes(5)));
  }

  @Test
  void eachSettingChangesInOneEventWithTheOldAndNewValues() {
    State state = running(declared(List.of(ANNA)));
    var before = ((ChatState) state).settings();
    var quiet =
        Optional.of(
            new QuietHours(LocalTime.of(23, 0), LocalTime.of(7, 0), ZoneId.of("Europe/Berlin")));
    List<ChatSettings> changes =
        List.of(
            new ChatSettings(
                "Renamed", true, List.of(ANNA), 0.5, Optional.empty(), Optional.empty(), true),
            new ChatSettings(
                "Market Talk", false, List.of(ANNA), 0.5, Optional.empty(), Optional.empty(), true),
            new ChatSettings(
                "Market Talk", true, List.of(ANNA), 0.9, Optional.empty(), Optional.empty(), true),
            new ChatSettings(
                "Market Talk", true, List.of(ANNA), 0.5, quiet, Optional.empty(), true),
            new ChatSettings(
                "Market Talk",
                true,
                List.of(ANNA),
                0.5,
                Optional.empty(),
                Optional.of(new ChatLimits(1, 20, 6, 30, Duration.ofSeconds(20))),
                true),
            new ChatSettings(
                "Market Talk",
                true,
                List.of(ANNA),
                0.5,
                Optional.empty(),
                Optional.empty(),
                false));
    for (ChatSettings desired : changes) {
      var events = diff(state, desired);
      assertEquals(1, events.size(), events.toString());
      var changed = assertInstanceOf(ChatSettingsChanged.class, events.get(0));
      assertEquals(before, changed.previous());
      assertEquals(desired.withDefaultLimits(DEFAULTS), changed.settings());
      assertEquals(
          List.of(), diff(ChatCoordinator.applyEvent(state, changed), desired), "applied: no more");
    }
  }

  @Test
  void membersAreAddedRemovedAndChangedByBotId() {
    State state = running(declared(List.of(ANNA, BORIS)));
    var borisOnSilver = new Member("boris_bot", "boris_bot", "Boris", List.of("oil", "silver"));
    var events = diff(state, declared(List.of(borisOnSilver, CARLA)));
    assertEquals(
        List.of(
            new MemberRemoved(CHAT, ANNA, T0),
            new MemberChanged(CHAT, BORIS, borisOnSilver, T0),
            new MemberAdded(CHAT, CARLA, T0)),
        events);
    State after = running(declared(List.of(ANNA, BORIS)), events.toArray(Event[]::new));
    assertEquals(List.of(borisOnSilver, CARLA), ((ChatState) after).settings().members());
    assertEquals(List.of(), diff(after, declared(List.of(CARLA, borisOnSilver))));
  }

  @Test
  void aChatThatIsNotRunningIsConfiguredAfresh() {
    var desired = declared(List.of(ANNA));
    State pending =
        ChatCoordinator.applyEvent(
            Unconfigured.INSTANCE, new ChatDiscovered(CHAT, "Side Room", "anna_bot", T0));
    State removed = running(desired, new ChatRemoved(CHAT, T0));
    for (State state : List.of(Unconfigured.INSTANCE, pending, removed))
      assertEquals(
          List.of(new ChatConfigured(CHAT, desired.withDefaultLimits(DEFAULTS), T0)),
          diff(state, desired),
          state.toString());
  }

  @Test
  void aRemovedChatComesBackWhereItStood() {
    State state = running(declared(List.of(ANNA)));
    var admitted = new ChatCoordinator.DraftAdmitted(CHAT, 1, "anna_bot", "gold!", null, T0, 0);
    var sent = new ChatCoordinator.MessageSent(CHAT, 1, "anna_bot", 77, "gold!", null, T0);
    state = ChatCoordinator.applyEvent(ChatCoordinator.applyEvent(state, admitted), sent);
    state = ChatCoordinator.applyEvent(state, new ChatRemoved(CHAT, T0));
    assertInstanceOf(RemovedChat.class, state);
    state =
        ChatCoordinator.applyEvent(
            state,
            new ChatConfigured(CHAT, declared(List.of(BORIS)).withDefaultLimits(DEFAULTS), T0));
    var chat = assertInstanceOf(ChatState.class, state);
    assertEquals(2, chat.nextDraftId(), "draft ids go on");
    assertTrue(chat.seen().contains(77L), "its messages stay seen");
    assertEquals(List.of(BORIS), chat.settings().members());
  }

  @Test
  void removingAndDiscoveringDependOnWhereTheChatIs() {
    State active = running(declared(List.of(ANNA)));
    assertEquals(List.of(new ChatRemoved(CHAT, T0)), ChatSettingsDiff.remove(CHAT, active, T0));
    assertEquals(List.of(), ChatSettingsDiff.remove(CHAT, Unconfigured.INSTANCE, T0));
    State removed = ChatCoordinator.applyEvent(active, new ChatRemoved(CHAT, T0));
    assertEquals(List.of(), ChatSettingsDiff.remove(CHAT, removed, T0));

    assertEquals(List.of(), ChatSettingsDiff.discover(CHAT, active, "Side Room", "boris_bot", T0));
    var first = ChatSettingsDiff.discover(CHAT, Unconfigured.INSTANCE, "Side Room", "anna_bot", T0);
    assertEquals(List.of(new ChatDiscovered(CHAT, "Side Room", "anna_bot", T0)), first);
    State pending = ChatCoordinator.applyEvent(Unconfigured.INSTANCE, first.get(0));
    assertEquals(List.of(), ChatSettingsDiff.discover(CHAT, pending, "Side Room", "anna_bot", T0));
    pending =
        ChatCoordinator.applyEvent(pending, new ChatDiscovered(CHAT, "Side Room", "boris_bot", T0));
    var description = ChatSettingsDiff.describe(CHAT, pending);
    assertEquals(ChatDescription.Status.PENDING, description.status());
    assertEquals("Side Room", description.pendingTitle());
    assertEquals(List.of("anna_bot", "boris_bot"), description.discoveredBy());
    assertEquals(List.of(new ChatRemoved(CHAT, T0)), ChatSettingsDiff.remove(CHAT, pending, T0));
    assertEquals(
        ChatDescription.Status.PENDING,
        ChatSettingsDiff.describe(
                CHAT,
                ChatCoordinator.applyEvent(
                    removed, new ChatDiscovered(CHAT, "Again", "anna_bot", T0)))
            .status(),
        "a removed chat a bot is added to again is pending");
  }
}
