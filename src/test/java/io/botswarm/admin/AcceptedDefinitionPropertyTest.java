package io.botswarm.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botswarm.chat.ChatLimits;
import io.botswarm.definition.BotEntry;
import io.botswarm.definition.DefinitionLoader;
import io.botswarm.definition.SwarmDefinition;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * A file the loader accepts is one every entity takes: bots and chats generated around the limits
 * (lengths at and past them, counted in characters and in UTF-16 units, counts, ranges, patterns,
 * blanks, duplicates that differ in case or spaces) either fail to load, or map to a {@code
 * BotSpec} and {@code ChatSettings} without a {@code problem()}.
 */
class AcceptedDefinitionPropertyTest {

  static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final DefinitionSpecs SPECS =
      new DefinitionSpecs(new ChatLimits(1, 20, 12, 30, Duration.ofSeconds(20)));
  static final List<String> BOT_IDS = List.of("anna_bot", "boris_bot");

  // The generators aim at the limits themselves; jqwik's edge cases would push every field to
  // its edge at once, and hardly a file would load.
  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void whatTheLoaderAcceptsTheEntitiesTake(@ForAll("definitions") JsonNode file) throws Exception {
    String text = MAPPER.writeValueAsString(file);
    var loaded =
        new DefinitionLoader(ref -> true, DefinitionLoader.Mode.APPLY).load("swarm.json", text);
    Statistics.label("accepted").collect(loaded.definition().isPresent());
    Statistics.label("accepted")
        .coverage(
            c -> {
              c.check(true).percentage(p -> p >= 15);
              c.check(false).percentage(p -> p >= 15);
            });
    if (loaded.definition().isEmpty()) return;
    SwarmDefinition resolved = loaded.definition().get().resolved();
    Map<String, BotEntry> bots = new LinkedHashMap<>();
    for (BotEntry b : resolved.bots()) {
      bots.put(b.id(), b);
      assertEquals(Optional.empty(), SPECS.botSpec(b).problem(), text);
    }
    for (var c : resolved.chats())
      assertEquals(Optional.empty(), SPECS.chatSettings(c, bots).problem(), text);
  }

  @Provide
  Arbitrary<JsonNode> definitions() {
    return Combinators.combine(bot(BOT_IDS.get(0)), bot(BOT_IDS.get(1)), chat(), language())
        .as(
            (anna, boris, chat, language) -> {
              ObjectNode root = JSON.objectNode().put("version", 1);
              if (language.isPresent()) root.putObject("defaults").put("language", language.get());
              root.putArray("bots").add(anna).add(boris);
              root.putArray("chats").add(chat);
              return root;
            });
  }

  /** Mostly what is allowed, at its edges; now and then one step past them. */
  static <T> Arbitrary<T> edgy(Arbitrary<T> fine, Arbitrary<T> past) {
    return Arbitraries.frequencyOf(Tuple.of(150, fine), Tuple.of(1, past));
  }

  /**
   * Text of {@code min} to {@code max} characters (and a step past), of letters, spaces, line
   * breaks and emoji, which count one character to JSON Schema and two to Java and Telegram.
   */
  static Arbitrary<String> text(int min, int max) {
    Arbitrary<Integer> length =
        Arbitraries.frequencyOf(
            Tuple.of(150, Arbitraries.integers().between(Math.max(min, 1), Math.min(max, 12))),
            Tuple.of(15, Arbitraries.of(Math.max(min, max - 1), max)),
            Tuple.of(1, Arbitraries.of(max + 1)),
            Tuple.of(4, Arbitraries.of(min)));
    Arbitrary<String> letter = Arbitraries.of("a", "B", "z", "é", "İ");
    Arbitrary<String> plain =
        Arbitraries.frequencyOf(
            Tuple.of(20, letter), Tuple.of(2, Arbitraries.of(" ", "\t", "\u2003", "\n")));
    Arbitrary<String> mixed =
        Arbitraries.frequencyOf(
            Tuple.of(1, plain), Tuple.of(1, Arbitraries.of("\uD83D\uDE80", "\uD83C\uDDE9")));
    // Text starts with a letter; a blank one is the edge it steps past.
    Arbitrary<String> atoms =
        Arbitraries.frequency(Tuple.of(10, plain), Tuple.of(1, mixed))
            .flatMap(
                atom ->
                    length.flatMap(
                        n ->
                            Combinators.combine(letter, atom.list().ofSize(Math.max(0, n - 1)))
                                .as((first, rest) -> n == 0 ? "" : first + String.join("", rest))));
    Arbitrary<String> blank = Arbitraries.of(" ", "  ", "\u2003", "\t");
    return edgy(atoms, blank);
  }

  static Arbitrary<List<String>> texts(int maxItems, int max, Arbitrary<String> extra) {
    Arbitrary<String> item =
        Arbitraries.frequencyOf(Tuple.of(12, text(1, max)), Tuple.of(1, extra));
    return Arbitraries.frequencyOf(
            Tuple.of(40, Arbitraries.integers().between(0, 3)),
            Tuple.of(1, Arbitraries.of(maxItems - 1, maxItems, maxItems + 1)))
        .flatMap(n -> item.list().ofSize(n));
  }

  /** Topics that differ only in case or spaces, beside any others. */
  static final Arbitrary<String> TOPICS =
      Arbitraries.of("gold", "Gold", " gold", "GOLD ", "bitcoin", "Bitcoin", "stocks");

  static Arbitrary<String> word() {
    return Arbitraries.frequencyOf(Tuple.of(1, TOPICS), Tuple.of(3, text(1, 40)));
  }

  static Arbitrary<Optional<String>> language() {
    return edgy(
            Arbitraries.of("en", "de", "pt-BR", "pt-br", "zh-Hant", "gsw", "es-419", "en-US-POSIX"),
            Arbitraries.of("english", "EN", "e", "en-x-foo", "en-", "en\n", "abcd"))
        .optional(0.7);
  }

  static Arbitrary<BigDecimal> number(String... values) {
    return Arbitraries.of(values).map(BigDecimal::new);
  }

  static Arbitrary<ObjectNode> bot(String id) {
    Arbitrary<String> username =
        edgy(
            Arbitraries.of(id, id.toUpperCase(), "a1234", "a" + "b".repeat(31)),
            Arbitraries.of("abcd", "a" + "b".repeat(32), id + "\n", "@" + id, "1abcde"));
    Arbitrary<ObjectNode> token =
        Arbitraries.oneOf(
                edgy(
                        Arbitraries.of("ANNA_TOKEN", "_x", "A".repeat(196)),
                        Arbitraries.of("A".repeat(197), "1A", "A B"))
                    .map(env -> JSON.objectNode().put("env", env)),
                edgy(
                        Arbitraries.of("anna", "k.e/y", "k".repeat(195)),
                        Arbitraries.of("k".repeat(196), "a b", "a=b", "a:b", "a\n"))
                    .map(file -> JSON.objectNode().put("file", file)))
            .injectNull(0.4);
    Arbitrary<ObjectNode> persona =
        Combinators.combine(
                text(1, 64),
                text(0, 500).optional(0.5),
                texts(20, 500, Arbitraries.just("lore")),
                text(0, 200).optional(0.5),
                texts(20, 40, TOPICS),
                texts(20, 40, TOPICS),
                language(),
                texts(20, 500, Arbitraries.just("hi")))
            .as(
                (name, bio, lore, style, adjectives, topics, language, examples) -> {
                  ObjectNode p = JSON.objectNode().put("name", name);
                  bio.ifPresent(b -> p.put("bio", b));
                  strings(p.putArray("lore"), lore);
                  style.ifPresent(s -> p.put("style", s));
                  strings(p.putArray("adjectives"), adjectives);
                  strings(p.putArray("topics"), topics);
                  language.ifPresent(l -> p.put("language", l));
                  strings(p.putArray("examples"), examples);
                  return p;
                });
    Arbitrary<ObjectNode> emotion =
        Combinators.combine(
                edgy(
                    Arbitraries.of("neutral", "curious", "sad"),
                    Arbitraries.of("happy", "Curious")),
                edgy(number("0", "1", "0.5", "1.0"), number("-0.0001", "1.0000000001"))
                    .optional(0.7))
            .as(
                (mood, intensity) -> {
                  ObjectNode e = JSON.objectNode().put("mood", mood);
                  intensity.ifPresent(i -> e.put("intensity", i));
                  return e;
                });
    Arbitrary<ObjectNode> stance =
        Combinators.combine(
                word(),
                edgy(number("-1", "1", "0", "-0.99999999999999999999"), number("1.1", "-1.0001")),
                edgy(number("0", "1", "0.5"), number("1.01", "-0.01")))
            .as(
                (topic, position, confidence) ->
                    JSON.objectNode()
                        .put("topic", topic)
                        .put("position", position)
                        .put("confidence", confidence));
    Arbitrary<ObjectNode> holding =
        Combinators.combine(
                edgy(
                    Arbitraries.of("BTC", "BRK.B", "X", "ABCDEFGHIJKL", "9-9"),
                    Arbitraries.of("btc", "ABCDEFGHIJKLM", "BTC\n", ".A", "")),
                edgy(
                    number("1e-30", "1", "0.50", "123456789012345678901234567890"),
                    number("0", "-1")),
                edgy(number("0", "42000", "0.00000001"), number("-0.01")))
            .as(
                (symbol, quantity, cost) ->
                    JSON.objectNode()
                        .put("symbol", symbol)
                        .put("quantity", quantity)
                        .put("average_cost", cost));
    Arbitrary<ObjectNode> memory =
        Combinators.combine(
                edgy(
                    Arbitraries.of("fact", "observation", "conversation", "reflection"),
                    Arbitraries.of("dream", "Fact")),
                Arbitraries.oneOf(text(1, 4000), Arbitraries.of("Sold in 2022", "Bought gold")),
                edgy(number("0", "1", "0.9"), number("1.5")).optional(0.5))
            .as(
                (type, text, relevance) -> {
                  ObjectNode m = JSON.objectNode().put("type", type).put("text", text);
                  relevance.ifPresent(r -> m.put("relevance", r));
                  return m;
                });
    Arbitrary<List<ObjectNode>> memories =
        Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.integers().between(0, 3)),
                Tuple.of(1, Arbitraries.of(100, 101)))
            .flatMap(
                n ->
                    n <= 3
                        ? memory.list().ofSize(n)
                        // Many seeds are short and distinct, as a file of many would be.
                        : Arbitraries.just(
                            IntStream.rangeClosed(1, n)
                                .mapToObj(
                                    i ->
                                        JSON.objectNode()
                                            .put("type", "fact")
                                            .put("text", "fact " + i))
                                .toList()));
    return Combinators.combine(
            username,
            token,
            Arbitraries.of(true, false).optional(0.5),
            persona,
            emotion.optional(0.5),
            stance.list().ofMaxSize(4),
            edgy(
                holding.list().ofMaxSize(3).uniqueElements(h -> h.get("symbol")),
                holding.list().ofSize(2)),
            memories)
        .as(
            (name, tok, enabled, p, e, stances, holdings, seeds) -> {
              ObjectNode b = JSON.objectNode().put("id", id).put("username", name);
              if (tok != null) b.set("token", tok);
              enabled.ifPresent(on -> b.put("enabled", on));
              b.set("persona", p);
              e.ifPresent(x -> b.set("emotion", x));
              b.putArray("stances").addAll(stances);
              b.putArray("holdings").addAll(holdings);
              b.putArray("memories").addAll(seeds);
              return b;
            });
  }

  static Arbitrary<ObjectNode> chat() {
    Arbitrary<Integer> count = edgy(Arbitraries.of(1, 2, 2147483647), Arbitraries.of(0, -1));
    Arbitrary<ObjectNode> limits =
        Combinators.combine(
                count.optional(0.5),
                count.optional(0.5),
                count.optional(0.5),
                count.optional(0.5),
                edgy(Arbitraries.of("0ms", "20s", "999999999h"), Arbitraries.of("20 s", "-1s"))
                    .optional(0.5))
            .as(
                (perSecond, perGroup, perChat, perBot, gap) -> {
                  ObjectNode l = JSON.objectNode();
                  perSecond.ifPresent(n -> l.put("per_chat_per_second", n));
                  perGroup.ifPresent(n -> l.put("per_group_per_minute", n));
                  perChat.ifPresent(n -> l.put("chat_per_minute", n));
                  perBot.ifPresent(n -> l.put("per_bot_per_hour", n));
                  gap.ifPresent(g -> l.put("min_gap_per_bot", g));
                  return l;
                });
    Arbitrary<ObjectNode> member =
        Combinators.combine(
                edgy(Arbitraries.of(BOT_IDS), Arbitraries.of("carla_bot")),
                texts(40, 40, TOPICS).optional(0.5))
            .as(
                (bot, topics) -> {
                  ObjectNode m = JSON.objectNode().put("bot", bot);
                  topics.ifPresent(t -> strings(m.putArray("topics"), t));
                  return m;
                });
    return Combinators.combine(
            text(1, 128),
            edgy(
                member.list().ofMinSize(1).ofMaxSize(2).uniqueElements(m -> m.get("bot")),
                member.list().ofSize(2)),
            edgy(number("0", "1", "0.6"), number("1.01", "-0.1")).optional(0.5),
            limits.optional(0.5))
        .as(
            (title, members, activity, l) -> {
              ObjectNode c = JSON.objectNode().put("id", -1001).put("title", title);
              c.putArray("members").addAll(members);
              activity.ifPresent(a -> c.put("activity", a));
              l.ifPresent(x -> c.set("limits", x));
              return c;
            });
  }

  static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
