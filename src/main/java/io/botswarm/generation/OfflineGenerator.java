package io.botswarm.generation;

import io.botswarm.bot.Holding;
import io.botswarm.bot.Memory;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.bot.Stance;
import io.botswarm.bot.Words;
import io.botswarm.generation.DraftResult.Draft;
import io.botswarm.generation.DraftResult.Refusal;
import io.botswarm.metrics.SwarmMetrics;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes drafts without any network: the default, and the fallback of {@link LlmGenerator}.
 *
 * <p>A draft is put together from the bot's own material (the message it answers, the stance that
 * bears on it, what it holds, a memory) in the voice of its speaking style, coloured by its mood.
 * The same request and seed always give the same text; different bots differ because their material
 * and voices do.
 */
public final class OfflineGenerator implements Generator {

  /** The voices the offline generator knows, recognised by words of the persona's style. */
  enum Voice {
    DRY("terse"),
    HYPE("enthusiastic"),
    FORMAL("formal"),
    SARCASTIC("sarcastic"),
    CURIOUS("curious"),
    GLOOMY("doom"),
    FOLKSY("folksy"),
    MEMER("meme"),
    PLAIN("");

    final String cue;

    Voice(String cue) {
      this.cue = cue;
    }

    static Voice of(String style) {
      String s = style == null ? "" : style.toLowerCase(Locale.ROOT);
      for (Voice v : values()) if (!v.cue.isEmpty() && s.contains(v.cue)) return v;
      return PLAIN;
    }
  }

  private final long seed;

  public OfflineGenerator(long seed) {
    this.seed = seed;
  }

  @Override
  public String name() {
    return "offline";
  }

  @Override
  public CompletionStage<DraftResult> draft(DraftRequest request) {
    return CompletableFuture.completedFuture(write(request));
  }

  /** The draft itself, synchronously: it is pure computation. */
  public DraftResult write(DraftRequest r) {
    long start = System.nanoTime();
    if (r.persona() == null) return new Refusal("the bot has no persona");
    Random rnd =
        new Random(
            seed
                ^ ((long) r.botId().hashCode() << 21)
                ^ r.replyTo().map(ChatLine::messageId).orElse(-1L) * 0x9E3779B97F4A7C15L
                ^ r.recent().size());
    Voice voice = voiceOf(r.persona());
    StringBuilder text = new StringBuilder();
    Optional<String> keyword = r.replyTo().map(line -> keyword(line.text(), r));
    if (r.replyTo().isPresent()) {
      text.append(opener(voice, r.replyTo().get().speaker(), keyword.get(), rnd));
    } else if (!r.persona().examples().isEmpty()) {
      // The operator's own example messages are the bot's truest voice for opening a topic.
      List<String> examples = r.persona().examples();
      text.append(examples.get(rnd.nextInt(examples.size())));
    } else {
      text.append(starter(voice, topicOf(r, rnd), rnd));
    }
    bearingStance(r, keyword).ifPresent(s -> text.append(' ').append(stance(voice, s)));
    if (!r.holdings().isEmpty() && rnd.nextInt(3) > 0)
      text.append(' ').append(holding(voice, r.holdings().get(rnd.nextInt(r.holdings().size()))));
    if (!r.memories().isEmpty() && rnd.nextBoolean())
      text.append(' ').append(memory(voice, r.memories().get(0)));
    mood(voice, r.emotion().mood(), r.emotion().intensity(), rnd)
        .ifPresent(m -> text.append(' ').append(m));
    List<String> examples = r.persona().examples();
    // An answer sometimes ends in one of the operator's example lines: the persona's own words.
    // Drawn only for a persona with examples, so other bots' drafts stay as they were for a seed.
    if (r.replyTo().isPresent() && !examples.isEmpty() && rnd.nextInt(3) == 0)
      text.append(' ').append(examples.get(rnd.nextInt(examples.size())));
    String out =
        clip(voice == Voice.MEMER ? text.toString().toLowerCase(Locale.ROOT) : text.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    SwarmMetrics.generation("offline", "draft", took);
    return new Draft(out, name(), took, r.memories().stream().map(Memory::id).toList());
  }

  /** The style's voice; a style that names none leaves it to the adjectives ("sarcastic"...). */
  static Voice voiceOf(Persona persona) {
    Voice voice = Voice.of(persona.speakingStyle());
    return voice == Voice.PLAIN ? Voice.of(String.join(" ", persona.adjectives())) : voice;
  }

  private static String opener(Voice v, String who, String about, Random rnd) {
    String[] options =
        switch (v) {
          case DRY ->
              new String[] {
                who + ", re " + about + ":", "On " + about + ", " + who + ":", "Noted, " + who + "."
              };
          case HYPE ->
              new String[] {
                who + "!! " + about + " talk, love it 🚀",
                "YES " + who + ", " + about + "!!",
                "Now we're talking, " + who + " — " + about + "! 🚀"
              };
          case FORMAL ->
              new String[] {
                "Regarding your point on " + about + ", " + who + ":",
                "With respect, " + who + ", on " + about + ":",
                "Thank you, " + who + ". On " + about + ":"
              };
          case SARCASTIC ->
              new String[] {
                "Oh, " + about + "? Bold take, " + who + ".",
                "Sure, " + who + ", because " + about + " always works out.",
                "Wow, " + who + ", " + about + ". Never heard that one."
              };
          case CURIOUS ->
              new String[] {
                "Interesting, " + who + " — what makes you say that about " + about + "?",
                "Ooh, " + who + ", tell me more about " + about + "?",
                "Wait, " + who + ", why " + about + "?"
              };
          case GLOOMY ->
              new String[] {
                who + ", " + about + "... I have a bad feeling about this.",
                "Careful, " + who + ". " + about + " never ends well.",
                "Ah, " + about + ". " + who + ", this is how it starts."
              };
          case FOLKSY ->
              new String[] {
                "Well " + who + ", talk of " + about + " reminds me of my grandpa's barn.",
                "As they say back home, " + who + ", " + about + " is a slow horse.",
                "Hold your horses, " + who + ", " + about + " ain't going anywhere."
              };
          case MEMER ->
              new String[] {
                who + " said " + about + " lmao",
                "ngl " + who + " " + about + " is wild",
                about + "?? " + who + " pls"
              };
          case PLAIN ->
              new String[] {
                who + ", about " + about + ":",
                "Good point on " + about + ", " + who + ".",
                "Hm, " + about + ", " + who + "."
              };
        };
    return options[rnd.nextInt(options.length)];
  }

  private static String starter(Voice v, String topic, Random rnd) {
    String[] options =
        switch (v) {
          case DRY -> new String[] {"Thought on " + topic + ".", topic + ": a note."};
          case HYPE ->
              new String[] {
                "Who's watching " + topic + " today?! 🚀", "Big day for " + topic + ", people!!"
              };
          case FORMAL ->
              new String[] {
                "I would like to raise the matter of " + topic + ".",
                "A brief observation on " + topic + "."
              };
          case SARCASTIC ->
              new String[] {
                "Nobody's talking about " + topic + "? Shocking.",
                "Time for everyone's favourite subject: " + topic + "."
              };
          case CURIOUS ->
              new String[] {
                "What does everyone think about " + topic + "?",
                "Question for the group: where is " + topic + " headed?"
              };
          case GLOOMY ->
              new String[] {
                "Is anyone else worried about " + topic + "?",
                "I keep thinking about " + topic + ", and not in a good way."
              };
          case FOLKSY ->
              new String[] {
                "Been chewing on " + topic + " like an old boot.",
                "Pull up a chair, let's talk " + topic + "."
              };
          case MEMER ->
              new String[] {topic + " check, who's still here", "gm, " + topic + " anyone"};
          case PLAIN ->
              new String[] {"Anyone following " + topic + "?", "Let's talk about " + topic + "."};
        };
    return options[rnd.nextInt(options.length)];
  }

  private static String stance(Voice v, Stance s) {
    String topic = s.topic();
    String side = s.position() > 0.3 ? "for" : s.position() < -0.3 ? "against" : "undecided";
    String sideOn =
        switch (side) {
          case "for" -> "in favour of " + topic;
          case "against" -> "against " + topic;
          default -> "undecided on " + topic;
        };
    String sure = s.confidence() > 0.7 ? "sure" : s.confidence() > 0.4 ? "fairly sure" : "not sure";
    String why = s.rationale() == null || s.rationale().isBlank() ? "" : " (" + s.rationale() + ")";
    String score = String.format(Locale.ROOT, "%+.2f", s.position());
    return switch (v) {
      case DRY -> "My view on " + topic + ": " + side + ", " + score + why + ".";
      case HYPE ->
          switch (side) {
            case "for" -> topic + " to the moon, I'm " + sure + "!!" + why;
            case "against" ->
                "Honestly " + topic + " isn't it for me" + why + ", and I'm " + sure + "!";
            default -> "Still making my mind up on " + topic + "!" + why;
          };
      case FORMAL ->
          "My position on "
              + topic
              + " is "
              + side
              + " ("
              + score
              + "), and I am "
              + sure
              + " of it"
              + why
              + ".";
      case SARCASTIC ->
          side.equals("for")
              ? "Not that anyone asked, but " + topic + " is fine by me" + why + "."
              : side.equals("against")
                  ? "And " + topic + "? Please" + why + "."
                  : topic + "? Ask me again next week" + why + ".";
      case CURIOUS ->
          (side.equals("for")
                  ? "I lean towards " + topic
                  : side.equals("against") ? "I lean against " + topic : "I'm torn on " + topic)
              + why
              + " and "
              + sure
              + " of it, but convince me otherwise?";
      case GLOOMY ->
          side.equals("for")
              ? "Even " + topic + " looks good to me for now" + why + ", which worries me."
              : "I'm " + sideOn + why + ". It will get worse.";
      case FOLKSY -> "On " + topic + ", I'm " + side + why + ", " + sure + " as rain.";
      case MEMER ->
          topic
              + " "
              + (side.equals("for") ? "based" : side.equals("against") ? "cringe" : "idk")
              + " "
              + score;
      case PLAIN -> "I'm " + sideOn + " (" + score + ")" + why + ".";
    };
  }

  private static String holding(Voice v, Holding h) {
    String qty = h.quantity().stripTrailingZeros().toPlainString();
    String cost = h.averageCost().setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    return switch (v) {
      case DRY -> "Position: " + qty + " " + h.symbol() + " at " + cost + ".";
      case HYPE -> "Holding " + qty + " " + h.symbol() + " and not selling!! 💎";
      case FORMAL ->
          "For disclosure: I hold "
              + qty
              + " "
              + h.symbol()
              + " at an average cost of "
              + cost
              + ".";
      case SARCASTIC ->
          "Says the one holding " + qty + " " + h.symbol() + " bought at " + cost + ".";
      case CURIOUS ->
          "I have " + qty + " " + h.symbol() + " myself — anyone else in at " + cost + "?";
      case GLOOMY -> "I'm stuck with " + qty + " " + h.symbol() + " from " + cost + ".";
      case FOLKSY -> "I've got " + qty + " " + h.symbol() + " tucked away, bought at " + cost + ".";
      case MEMER -> "bags: " + qty + " " + h.symbol() + " @ " + cost;
      case PLAIN -> "I hold " + qty + " " + h.symbol() + ".";
    };
  }

  private static String memory(Voice v, Memory m) {
    String what = m.content().length() > 120 ? m.content().substring(0, 117) + "..." : m.content();
    return switch (v) {
      case FORMAL -> "I recall: " + what;
      case FOLKSY -> "Reminds me — " + what;
      case MEMER -> "remember: " + what;
      default -> "(" + what + ")";
    };
  }

  private static Optional<String> mood(Voice v, Mood mood, double intensity, Random rnd) {
    if (intensity < 0.4 || mood == Mood.NEUTRAL) return Optional.empty();
    return Optional.of(
        switch (mood) {
          case JOYFUL -> v == Voice.GLOOMY ? "Almost cheerful today." : "Good day, all.";
          case EXCITED -> rnd.nextBoolean() ? "Can't sit still today!" : "Exciting times!";
          case CURIOUS -> "Curious where this goes.";
          case CALM -> "No rush, though.";
          case SKEPTICAL -> "Show me the numbers.";
          case ANXIOUS -> "Not sleeping well over this...";
          case ANGRY -> "Honestly, it annoys me.";
          case SAD -> "Bit of a down day.";
          case NEUTRAL -> "";
        });
  }

  /** The word of {@code text} the bot cares most about: one of its topics, else the longest. */
  private static String keyword(String text, DraftRequest r) {
    List<String> words = Words.of(text);
    for (Stance s : r.stances()) if (words.containsAll(Words.of(s.topic()))) return s.topic();
    for (String interest : r.persona().interests())
      if (!Words.of(interest).isEmpty() && words.containsAll(Words.of(interest))) return interest;
    return words.stream().max(Comparator.comparingInt(String::length)).orElse("that");
  }

  private static Optional<Stance> bearingStance(DraftRequest r, Optional<String> keyword) {
    if (r.stances().isEmpty()) return Optional.empty();
    if (keyword.isPresent())
      for (Stance s : r.stances()) if (s.topic().equals(keyword.get())) return Optional.of(s);
    return r.stances().stream()
        .max(Comparator.comparingDouble(s -> Math.abs(s.position()) * s.confidence()));
  }

  private static String topicOf(DraftRequest r, Random rnd) {
    if (!r.stances().isEmpty()) return r.stances().get(rnd.nextInt(r.stances().size())).topic();
    if (!r.persona().interests().isEmpty())
      return r.persona().interests().get(rnd.nextInt(r.persona().interests().size()));
    return "the markets";
  }

  /** Within Telegram's limit, cut after the last whole sentence that fits. */
  static String clip(String text) {
    String t = text.strip();
    if (t.length() <= MAX_TEXT) return t;
    String head = t.substring(0, MAX_TEXT);
    int end =
        Math.max(head.lastIndexOf(". "), Math.max(head.lastIndexOf("! "), head.lastIndexOf("? ")));
    return end > MAX_TEXT / 2 ? head.substring(0, end + 1) : head.substring(0, MAX_TEXT - 1) + "…";
  }
}
