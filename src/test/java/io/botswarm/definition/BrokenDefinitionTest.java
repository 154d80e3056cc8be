package io.botswarm.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.definition.DefinitionLoader.Mode;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken definition files, each with every line the loader must print for it: the position of the
 * offending value (or key), the field path and a plain message, sorted by position.
 */
class BrokenDefinitionTest {

  record Row(String name, String file, Mode mode, String content, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Row row(String name, String file, Mode mode, String content, String... expected) {
    return new Row(name, file, mode, content, List.of(expected));
  }

  static Stream<Row> rows() {
    return Stream.of(
        row(
            "rejectsTextWhereANumberBelongs",
            "01_type.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona: {name: Anna}
                stances:
                  - {topic: gold, position: high, confidence: 0.5}
            """,
            "01_type.yaml:7:33 bots[0].stances[0].position: expected a number, got \"high\""),
        row(
            "rejectsAPositionOutOfRange",
            "02_range.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona: {name: Anna}
                stances:
                  - topic: gold
                    position: 1.4
                    confidence: 0.5
            """,
            "02_range.yaml:8:19 bots[0].stances[0].position: 1.4 is not in [-1, 1]"),
        row(
            "requiresAPersonaName",
            "03_required.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona:
                  bio: no name here
            """,
            "03_required.yaml:5:5 bots[0].persona: 'name' is required"),
        row(
            "rejectsAnUnknownTopLevelKey",
            "04_unknown_top.yaml",
            Mode.APPLY,
            """
            version: 1
            colour: blue
            """,
            "04_unknown_top.yaml:2:1 colour: unknown key 'colour' (allowed: version, defaults, bots, chats)"),
        row(
            "rejectsUnknownKeysDeepDown",
            "05_unknown_deep.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona: {name: Anna, colour: blue}
            chats:
              - id: -1001
                title: Corner
                members: [{bot: anna_bot}]
                limits: {chat_per_minute: 6, per_day: 100}
            """,
            "05_unknown_deep.yaml:5:27 bots[0].persona.colour: unknown key 'colour' (allowed: name, bio, lore, style, adjectives, topics, language, examples)",
            "05_unknown_deep.yaml:10:34 chats[0].limits.per_day: unknown key 'per_day' (allowed: per_chat_per_second, per_group_per_minute, chat_per_minute, per_bot_per_hour, min_gap_per_bot)"),
        row(
            "rejectsDuplicateBotIdsAndUsernamesIgnoringCase",
            "06_dup_ids.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona: {name: Anna}
              - id: anna_bot
                username: Anna_Bot
                persona: {name: Anna Two}
            """,
            "06_dup_ids.yaml:6:9 bots[1].id: bot id 'anna_bot' is already used by bots[0]",
            "06_dup_ids.yaml:7:15 bots[1].username: username 'Anna_Bot' is already used by bots[0] (Telegram ignores case)"),
        row(
            "rejectsAChatIdThatIsNotAGroup",
            "06b_positive_chat.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona: {name: Anna}
            chats:
              - id: 12345
                title: Not a group
                members: [{bot: anna_bot}]
            """,
            "06b_positive_chat.yaml:7:9 chats[0].id: 12345 is not a group's chat id: groups have negative ids (-100… for a supergroup); `swarm chats list --pending` shows the groups your bots are in"),
        row(
            "rejectsDuplicateChatIds",
            "07_dup_chat.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - {id: anna_bot, username: anna_bot, persona: {name: Anna}}
            chats:
              - {id: -1001, title: One, members: [{bot: anna_bot}]}
              - {id: -1001, title: Two, members: [{bot: anna_bot}]}
            """,
            "07_dup_chat.yaml:6:10 chats[1].id: chat id -1001 is already used by chats[0]"),
        row(
            "rejectsAMemberThatIsNoBotAndABotListedTwice",
            "08_member.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - {id: anna_bot, username: anna_bot, persona: {name: Anna}}
            chats:
              - id: -1001
                title: Corner
                members:
                  - bot: anna_bot
                  - bot: carla_bot
                  - bot: anna_bot
            """,
            "08_member.yaml:9:14 chats[0].members[1].bot: 'carla_bot' is not a bot of this file (bots: anna_bot)",
            "08_member.yaml:10:14 chats[0].members[2].bot: 'anna_bot' is already a member (chats[0].members[0])"),
        row(
            "rejectsABadTimeAndZone",
            "09_zone.yaml",
            Mode.APPLY,
            """
            version: 1
            defaults:
              chat:
                quiet_hours: {start: "23:00", end: "25:00", zone: Mars/Olympus}
            """,
            "09_zone.yaml:4:40 defaults.chat.quiet_hours.end: '25:00' is not a time of day (write HH:MM, e.g. 23:00)",
            "09_zone.yaml:4:55 defaults.chat.quiet_hours.zone: 'Mars/Olympus' is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)"),
        row(
            "rejectsABadDuration",
            "10_duration.yaml",
            Mode.APPLY,
            """
            version: 1
            defaults:
              chat:
                limits: {min_gap_per_bot: 20 seconds}
            """,
            "10_duration.yaml:4:31 defaults.chat.limits.min_gap_per_bot: '20 seconds' is not a duration (write 500ms, 20s, 5m or 1h)"),
        row(
            "tokenReferenceThatResolvesToNothingInDryRun",
            "11_token.yaml",
            Mode.DRY_RUN,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                token: {env: ANNA_TOKEN}
                persona: {name: Anna}
            """,
            "11_token.yaml:5:18 warning: bots[0].token.env: token reference env:ANNA_TOKEN resolves to nothing: set the environment variable ANNA_TOKEN on the node"),
        row(
            "tokenReferenceThatResolvesToNothingOnApply",
            "11_token.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                token: {env: ANNA_TOKEN}
                persona: {name: Anna}
            """,
            "11_token.yaml:5:18 bots[0].token.env: token reference env:ANNA_TOKEN resolves to nothing: set the environment variable ANNA_TOKEN on the node"),
        row(
            "reportsMalformedYamlAtTheParsersPosition",
            "12_malformed.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
               username: anna_bot
            """,
            "12_malformed.yaml:4:4 not valid YAML: while parsing a block collection: expected <block end>, but found '<block mapping start>'"),
        row(
            "readsJsonWithPositions",
            "13_input.json",
            Mode.APPLY,
            """
            {
              "version": 1,
              "bots": [
                {"id": "Anna", "username": "anna_bot", "persona": {"name": "Anna"}}
              ]
            }
            """,
            "13_input.json:4:12 bots[0].id: \"Anna\" is not a bot id (a lower-case letter, then lower-case letters, digits or _; at most 64)"),
        row(
            "reportsMalformedJsonAtTheParsersPosition",
            "14_malformed.json",
            Mode.APPLY,
            """
            {
              "version": 1,
              "bots": [
            }
            """,
            "14_malformed.json:4:1 not valid JSON: Unexpected close marker '}': expected ']'"),
        row(
            "rejectsAnotherVersion",
            "15_version.yaml",
            Mode.APPLY,
            """
            version: 2
            """,
            "15_version.yaml:1:10 version: 2 is not supported (write 1)"),
        row(
            "requiresAVersion",
            "16_missing_version.yaml",
            Mode.APPLY,
            """
            bots: []
            """,
            "16_missing_version.yaml:1:1 'version' is required"),
        row(
            "rejectsDuplicateStanceTopicsAndHoldingSymbolsInABot",
            "17_dups_in_bot.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona: {name: Anna}
                stances:
                  - {topic: Gold, position: 0.5, confidence: 0.5}
                  - {topic: gold, position: 0.1, confidence: 0.5}
                holdings:
                  - {symbol: BTC, quantity: 1, average_cost: 10}
                  - {symbol: BTC, quantity: 0, average_cost: 10}
            """,
            "17_dups_in_bot.yaml:8:17 bots[0].stances[1].topic: topic 'gold' is already given in bots[0].stances[0]",
            "17_dups_in_bot.yaml:11:18 bots[0].holdings[1].symbol: symbol 'BTC' is already given in bots[0].holdings[0]",
            "17_dups_in_bot.yaml:11:33 bots[0].holdings[1].quantity: 0 must be more than 0"),
        row(
            "rejectsBadEnumsPatternsAndTokenShapes",
            "18_enum_pattern.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: "@anna"
                persona: {name: Anna, language: english!}
                emotion: {mood: happy}
                token: {env: A, file: b}
                memories:
                  - {type: dream, text: ""}
            """,
            "18_enum_pattern.yaml:4:15 bots[0].username: \"@anna\" is not a Telegram username (5-32 letters, digits or _, starting with a letter; no @)",
            "18_enum_pattern.yaml:5:37 bots[0].persona.language: \"english!\" is not a BCP 47 language tag (en, de, pt-BR)",
            "18_enum_pattern.yaml:6:21 bots[0].emotion.mood: \"happy\" is not one of neutral, joyful, excited, curious, calm, skeptical, anxious, angry, sad",
            "18_enum_pattern.yaml:7:12 bots[0].token: give exactly one of env, file",
            "18_enum_pattern.yaml:9:16 bots[0].memories[0].type: \"dream\" is not one of observation, conversation, reflection, fact",
            "18_enum_pattern.yaml:9:29 bots[0].memories[0].text: must not be empty"),
        row(
            "rejectsTooManyItemsWrongIdTypeAndNoMembers",
            "19_too_long.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona:
                  name: Anna
                  topics: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u]
            chats:
              - id: "-1001"
                title: Corner
                members: []
            """,
            "19_too_long.yaml:7:15 bots[0].persona.topics: has 21 items; at most 20 are allowed",
            "19_too_long.yaml:9:9 chats[0].id: expected a whole number, got \"-1001\"",
            "19_too_long.yaml:11:14 chats[0].members: needs at least 1 item"),
        row(
            "rejectsAnEmptyFile",
            "20_empty.yaml",
            Mode.APPLY,
            "",
            "20_empty.yaml:1:1 the file is empty (start with version: 1)"),
        row(
            "rejectsWhatTheBotWouldRefuse",
            "21_bot_refuses.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: "anna_bot\\n"
                token: {file: "anna bot"}
                persona: {name: "  ", language: english, topics: [gold, " Gold"]}
                stances:
                  - {topic: gold, position: 0.5, confidence: 0.5}
                  - {topic: "Gold ", position: 0.1, confidence: 0.5}
                  - {topic: " ", position: 0.1, confidence: 0.5}
                memories:
                  - {type: fact, text: Sold in 2022}
                  - {type: fact, text: Sold in 2022, relevance: 0.9}
                  - {type: reflection, text: Sold in 2022}
            """,
            "21_bot_refuses.yaml:4:15 bots[0].username: \"anna_bot\\n\" is not a Telegram username (5-32 letters, digits or _, starting with a letter; no @)",
            "21_bot_refuses.yaml:5:19 bots[0].token.file: \"anna bot\" is not a key of the node's tokens file (no spaces, = or :)",
            "21_bot_refuses.yaml:5:19 bots[0].token.file: token reference file:anna bot resolves to nothing: add the key 'anna bot' to the node's tokens file (SWARM_TELEGRAM_TOKENS_FILE)",
            "21_bot_refuses.yaml:6:21 bots[0].persona.name: must not be blank",
            "21_bot_refuses.yaml:6:37 bots[0].persona.language: \"english\" is not a BCP 47 language tag (en, de, pt-BR)",
            "21_bot_refuses.yaml:6:61 bots[0].persona.topics[1]: topic ' Gold' is already given in bots[0].persona.topics[0]",
            "21_bot_refuses.yaml:9:17 bots[0].stances[1].topic: topic 'Gold ' is already given in bots[0].stances[0]",
            "21_bot_refuses.yaml:10:17 bots[0].stances[2].topic: must not be blank",
            "21_bot_refuses.yaml:13:28 bots[0].memories[1].text: the same fact is already given in bots[0].memories[0] (a seed memory is remembered once)"),
        row(
            "rejectsMoreSeedMemoriesThanABotKeeps",
            "22_seeds.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona: {name: Anna}
                memories:
            """
                + IntStream.rangeClosed(1, 101)
                    .mapToObj(i -> "      - {type: fact, text: fact " + i + "}\n")
                    .collect(Collectors.joining()),
            "22_seeds.yaml:7:7 bots[0].memories: has 101 items; at most 100 are allowed"),
        row(
            "countsAnEmojiAsTwoCharactersAsTelegramDoes",
            "23_emoji.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                persona: {name: "%s"}
            """
                .formatted("\uD83D\uDE80".repeat(33)),
            "23_emoji.yaml:5:21 bots[0].persona.name: is 66 characters long, counting each emoji as two as Telegram does; at most 64 are allowed"),
        row(
            "rejectsABlankTitleRepeatedMemberTopicsAndACountPastAWholeNumber",
            "24_chat_refuses.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - {id: anna_bot, username: anna_bot, persona: {name: Anna}}
            chats:
              - id: -1001
                title: " "
                members: [{bot: anna_bot, topics: [gold, GOLD]}]
                limits: {per_bot_per_hour: 3000000000}
            """,
            "24_chat_refuses.yaml:6:12 chats[0].title: must not be blank",
            "24_chat_refuses.yaml:7:46 chats[0].members[0].topics[1]: topic 'GOLD' is already given in chats[0].members[0].topics[0]",
            "24_chat_refuses.yaml:8:32 chats[0].limits.per_bot_per_hour: 3000000000 is not in [1, 2147483647]"),
        row(
            "rejectsAStarterThreadThatIsNoTopicsId",
            "25_starter_thread.yaml",
            Mode.APPLY,
            """
            version: 1
            bots:
              - {id: anna_bot, username: anna_bot, persona: {name: Anna}}
            chats:
              - {id: -1001, title: Forum, members: [{bot: anna_bot}], starter_thread_id: 0}
            """,
            "25_starter_thread.yaml:5:78 chats[0].starter_thread_id: 0 is less than 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void reportsEveryProblemWithItsPosition(Row row) {
    var result = new DefinitionLoader(ref -> false, row.mode()).load(row.file(), row.content());
    assertEquals(
        row.expected(), result.problems().stream().map(Problem::toString).toList(), row.name());
    boolean errors = row.expected().stream().anyMatch(line -> !line.contains(" warning: "));
    assertEquals(errors, result.definition().isEmpty(), "a definition only without errors");
    assertTrue(result.problems().size() >= 1);
  }
}
