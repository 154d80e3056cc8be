package io.botswarm.bot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Makes varied, believable bots for the demo and benchmarks, the same ones for the same seed: a
 * persona (name, handle, bio, speaking style, interests) and what the bot starts out believing,
 * holding, feeling and remembering.
 */
public final class PersonaGenerator {

  /** A bot to create: its persona and its starting stances, holdings, mood and memories. */
  public record Blueprint(
      String botId,
      Persona persona,
      List<StartingStance> stances,
      List<StartingHolding> holdings,
      Mood mood,
      double moodIntensity,
      List<String> facts) {}

  public record StartingStance(
      String topic, double position, double confidence, String rationale) {}

  public record StartingHolding(String symbol, BigDecimal quantity, BigDecimal price) {}

  private static final String[] FIRST = {
    "Ada", "Boris", "Chloe", "Dmitri", "Esme", "Farid", "Greta", "Hiro", "Ines", "Jonas",
    "Kiri", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tamar",
    "Umar", "Vera", "Wes", "Xenia", "Yusuf", "Zoe"
  };
  private static final String[] ROLE = {
    "quant",
    "trader",
    "skeptic",
    "hodler",
    "analyst",
    "degen",
    "economist",
    "dev",
    "journo",
    "miner"
  };
  private static final String[][] STYLES = {
    {"terse and dry; short sentences, no emoji", "dry"},
    {"enthusiastic, lots of exclamation marks and rocket emoji", "hype"},
    {"formal and measured; cites numbers and hedges every claim", "formal"},
    {"sarcastic; answers questions with questions", "sarcastic"},
    {"friendly and curious; asks follow-up questions", "curious"},
    {"doom-laden; always sees the downside", "gloomy"},
    {"folksy; speaks in proverbs and analogies", "folksy"},
    {"meme-fluent; lowercase, slang and abbreviations", "memer"}
  };
  private static final String[] TOPICS = {
    "bitcoin", "ethereum", "solana", "ai stocks", "interest rates", "inflation", "gold",
    "electric cars", "defi", "nfts", "regulation", "chip makers", "oil", "emerging markets"
  };
  private static final String[][] SYMBOLS = {
    {"BTC", "65000"}, {"ETH", "3200"}, {"SOL", "150"}, {"DOGE", "0.15"}, {"NVDA", "120"},
    {"TSLA", "240"}, {"AAPL", "225"}, {"MSFT", "420"}, {"GLD", "230"}, {"XOM", "115"}
  };
  private static final String[] HOMETOWNS = {
    "Lisbon",
    "Osaka",
    "Tallinn",
    "Nairobi",
    "Austin",
    "Kraków",
    "Montréal",
    "Seoul",
    "Lagos",
    "Oslo"
  };

  private final long seed;

  public PersonaGenerator(long seed) {
    this.seed = seed;
  }

  public List<Blueprint> generate(int count) {
    return IntStream.range(0, count).mapToObj(this::blueprint).toList();
  }

  /** The {@code index}-th bot of this seed; independent of how many others are generated. */
  public Blueprint blueprint(int index) {
    Random rnd = new Random(seed * 1_000_003L + index);
    String first = FIRST[rnd.nextInt(FIRST.length)];
    String role = ROLE[rnd.nextInt(ROLE.length)];
    String[] style = STYLES[rnd.nextInt(STYLES.length)];
    String town = HOMETOWNS[rnd.nextInt(HOMETOWNS.length)];
    String handle = (first + "_" + role + "_" + index + "_bot").toLowerCase();

    List<String> interests = pick(rnd, TOPICS, 2 + rnd.nextInt(3));
    String bio =
        first
            + ", a "
            + style[1]
            + " "
            + role
            + " from "
            + town
            + ", follows "
            + String.join(", ", interests)
            + ".";
    var persona = new Persona(first + " the " + capitalize(role), handle, bio, style[0], interests);

    List<StartingStance> stances = new ArrayList<>();
    for (String topic : interests) {
      double position = round2(rnd.nextDouble() * 2 - 1);
      double confidence = round2(0.3 + rnd.nextDouble() * 0.7);
      String side = position >= 0 ? "bullish on " : "bearish on ";
      stances.add(
          new StartingStance(
              topic, position, confidence, side + topic + " since " + (2015 + rnd.nextInt(10))));
    }
    List<StartingHolding> holdings = new ArrayList<>();
    for (String[] symbol : pick(rnd, SYMBOLS, 1 + rnd.nextInt(3))) {
      BigDecimal price = new BigDecimal(symbol[1]);
      BigDecimal budget = BigDecimal.valueOf(500 + rnd.nextInt(20_000));
      BigDecimal quantity = budget.divide(price, 4, RoundingMode.DOWN);
      holdings.add(new StartingHolding(symbol[0], quantity, price));
    }
    Mood[] moods = Mood.values();
    Mood mood = moods[1 + rnd.nextInt(moods.length - 1)];
    List<String> facts =
        List.of(
            "I grew up in " + town + ".",
            "I first bought "
                + holdings.get(0).symbol()
                + " at "
                + holdings.get(0).price().toPlainString()
                + ".");
    return new Blueprint(
        handle, persona, stances, holdings, mood, round2(0.4 + rnd.nextDouble() * 0.6), facts);
  }

  private static <T> List<T> pick(Random rnd, T[] from, int n) {
    List<T> pool = new ArrayList<>(List.of(from));
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n && !pool.isEmpty(); i++) out.add(pool.remove(rnd.nextInt(pool.size())));
    return out;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
