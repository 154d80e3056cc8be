package io.botswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.bot.PersonaGenerator.Blueprint;
import io.botswarm.definition.BotEntry;
import io.botswarm.definition.ChatEntry;
import io.botswarm.definition.DefinitionLoader;
import io.botswarm.definition.DefinitionLoader.Mode;
import io.botswarm.definition.SwarmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm init}, {@code swarm validate} and {@code swarm import}, run in this JVM. */
class DefinitionCliTest {

  @TempDir Path dir;

  @Test
  void initWritesTheDemoWorldAsADefinitionThatLoadsClean() throws IOException {
    Path file = dir.resolve("swarm.yaml");
    CliRun run =
        CliRun.swarm("init", "--bots", "12", "--chats", "2", "--seed", "42", "-o", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.exists(dir.resolve(InitCommand.SCHEMA_FILE)), "schema beside the file");
    assertTrue(
        Files.readString(file)
            .startsWith("# yaml-language-server: $schema=" + InitCommand.SCHEMA_FILE + "\n"));

    var result = new DefinitionLoader(ref -> true, Mode.APPLY).load(file);
    assertEquals(List.of(), result.problems());
    SwarmDefinition loaded = result.orThrow();
    DemoWorld world = DemoWorld.of(42, 12, 2);
    assertEquals(world.definition().resolved(), loaded.resolved());
    assertMatchesTheWorld(world, loaded.resolved());
  }

  /** Every bot and chat of the generated world, field by field. */
  private static void assertMatchesTheWorld(DemoWorld world, SwarmDefinition d) {
    assertEquals(world.bots.size(), d.bots().size());
    for (int i = 0; i < world.bots.size(); i++) {
      Blueprint b = world.bots.get(i);
      BotEntry e = d.bots().get(i);
      assertEquals(b.botId(), e.id());
      assertEquals(b.persona().handle(), e.username());
      assertEquals("file:" + b.botId(), e.token().ref());
      assertEquals(b.persona().name(), e.persona().name());
      assertEquals(b.persona().bio(), e.persona().bio());
      assertEquals(b.persona().speakingStyle(), e.persona().style());
      assertEquals(b.persona().interests(), e.persona().topics());
      assertEquals(b.mood().name().toLowerCase(Locale.ROOT), e.emotion().mood());
      assertEquals(b.moodIntensity(), e.emotion().intensity());
      assertEquals(b.stances().size(), e.stances().size());
      for (int s = 0; s < b.stances().size(); s++) {
        assertEquals(b.stances().get(s).topic(), e.stances().get(s).topic());
        assertEquals(b.stances().get(s).position(), e.stances().get(s).position());
        assertEquals(b.stances().get(s).confidence(), e.stances().get(s).confidence());
      }
      for (int h = 0; h < b.holdings().size(); h++) {
        assertEquals(b.holdings().get(h).symbol(), e.holdings().get(h).symbol());
        assertEquals(0, b.holdings().get(h).quantity().compareTo(e.holdings().get(h).quantity()));
        assertEquals(0, b.holdings().get(h).price().compareTo(e.holdings().get(h).averageCost()));
      }
      assertEquals(b.facts(), e.memories().stream().map(BotEntry.MemoryEntry::text).toList());
    }
    assertEquals(world.chats.size(), d.chats().size());
    for (int c = 0; c < world.chats.size(); c++) {
      DemoWorld.ChatPlan plan = world.chats.get(c);
      ChatEntry chat = d.chats().get(c);
      assertEquals(plan.id(), chat.id());
      assertEquals(plan.title(), chat.title());
      assertEquals(0.6, chat.activity());
      assertEquals(
          plan.members().stream().map(Blueprint::botId).toList(),
          chat.members().stream().map(ChatEntry.MemberEntry::bot).toList());
      for (int m = 0; m < plan.members().size(); m++) {
        Blueprint b = plan.members().get(m);
        List<String> topics =
            Stream.concat(
                    b.persona().interests().stream(), b.stances().stream().map(s -> s.topic()))
                .distinct()
                .toList();
        assertEquals(topics, chat.members().get(m).topics(), "as the demo gives its members");
      }
    }
  }

  @Test
  void initPrintsToStandardOutputWithoutAFile() {
    CliRun run = CliRun.swarm("init", "--bots", "4", "--chats", "2", "--seed", "7");
    assertEquals(0, run.exitCode(), run.err());
    var loaded =
        new DefinitionLoader(ref -> true, Mode.APPLY).load("stdout.yaml", run.out()).orThrow();
    assertEquals(DemoWorld.of(7, 4, 2).definition().resolved(), loaded.resolved());
  }

  @Test
  void validateExitsZeroOnACleanFileAndOneWithEveryProblem() throws IOException {
    Path example = Path.of("docs/examples/swarm.yaml");
    // The example's token references lead nowhere here: warnings in a dry run, errors for apply.
    CliRun dry = CliRun.swarm("validate", "--dry-run", example.toString());
    assertEquals(0, dry.exitCode(), dry.err());
    assertTrue(
        dry.out().contains(" warning: bots[0].token.env: token reference env:ANNA_TOKEN"),
        dry.out());
    assertTrue(dry.out().strip().endsWith(example + ": ok (3 bots, 1 chat)"), dry.out());

    CliRun apply = CliRun.swarm("validate", example.toString());
    assertEquals(1, apply.exitCode());
    assertTrue(
        apply.out().contains("bots[0].token.env: token reference env:ANNA_TOKEN"), apply.out());

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "version: 1\nbots:\n  - id: Anna\n");
    CliRun run = CliRun.swarm("validate", broken.toString());
    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(
            broken + ":3:5 bots[0]: 'persona' is required",
            broken + ":3:5 bots[0]: 'username' is required",
            broken
                + ":3:9 bots[0].id: \"Anna\" is not a bot id (a lower-case letter, then lower-case letters, digits or _; at most 64)"),
        run.out().lines().toList());
    run.assertClearError(1, "3 errors");
  }

  @Test
  void importPrintsABotsEntryAndWhatWasDropped() throws IOException {
    Path card = dir.resolve("card.json");
    try (var in = getClass().getResourceAsStream("/definition/card-v2.json")) {
      Files.copy(in, card);
    }
    CliRun run = CliRun.swarm("import", card.toString(), "--id", "teo_bot");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("bots:\n  - id: teo_bot\n    username: teo_bot\n"), run.out());
    assertTrue(
        run.err().contains("dropped: data.system_prompt: not part of the definition"), run.err());
    assertFalse(run.err().contains("Exception"));

    Path out = dir.resolve("teo.yaml");
    assertEquals(
        0,
        CliRun.swarm("import", card.toString(), "--format", "card", "-o", out.toString())
            .exitCode());
    assertTrue(Files.readString(out).contains("  - id: teodor_bot\n"));

    CliRun missing = CliRun.swarm("import", dir.resolve("nope.json").toString());
    missing.assertClearError(1, "nope.json: no such file");
  }
}
