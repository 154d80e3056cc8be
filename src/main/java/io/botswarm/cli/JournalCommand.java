package io.botswarm.cli;

import akka.NotUsed;
import akka.stream.javadsl.Source;
import com.typesafe.config.Config;
import io.botswarm.bot.BotSettings;
import io.botswarm.journal.BotKind;
import io.botswarm.journal.ChatKind;
import io.botswarm.journal.EventFormat;
import io.botswarm.journal.GatewayKind;
import io.botswarm.journal.JournalInspector;
import io.botswarm.journal.JournalInspector.Point;
import io.botswarm.journal.JournalInspector.Target;
import io.botswarm.journal.JournalSource;
import io.botswarm.journal.JournalSource.Entry;
import io.botswarm.journal.StateDiff;
import io.botswarm.journal.Verifier;
import io.botswarm.store.DatabaseSettings;
import io.botswarm.store.embedded.LocalPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code swarm journal}: read-only tools to see what any bot knew, felt and decided, and when. */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description =
        "Reads the event journal (read-only): lists entities, shows their events, rebuilds their "
            + "state at any point with the entity's own event handler, diffs two points, follows new "
            + "events, exports them and verifies every entity's history. Reads the read replica "
            + "(botswarm.db.read-url) when one is configured, else the primary, else the embedded database.",
    subcommands = {
      JournalCommand.ListIds.class,
      JournalCommand.Show.class,
      JournalCommand.Replay.class,
      JournalCommand.Diff.class,
      JournalCommand.Tail.class,
      JournalCommand.Export.class,
      JournalCommand.Verify.class
    })
final class JournalCommand {

  /** Where the journal is; each option overrides the configuration. */
  static final class Database extends DatabaseOptions {

    /** Opens the journal, running the embedded server only when nothing else is configured. */
    Session open() {
      Config base = base();
      Config resolved = base.resolve();
      DatabaseSettings db = DatabaseSettings.fromConfig(resolved);
      BotSettings bots = BotSettings.fromConfig(resolved.getConfig("botswarm.bot"));
      DatabaseOptions.Located located = locate(db, false);
      String target = located.url();
      Optional<LocalPostgres> embedded = located.embedded();
      try {
        JournalSource source = JournalSource.open(target, db.user(), db.password(), base);
        return new Session(
            new JournalInspector(
                source, List.of(new BotKind(bots), new ChatKind(), new GatewayKind())),
            embedded);
      } catch (RuntimeException e) {
        embedded.ifPresent(LocalPostgres::close);
        throw e;
      }
    }
  }

  record Session(JournalInspector inspector, Optional<LocalPostgres> embedded)
      implements AutoCloseable {
    JournalSource source() {
      return inspector.source();
    }

    EventFormat format() {
      return new EventFormat(source().json());
    }

    /**
     * Prints each event that {@code keep} accepts, a line each, as it arrives; returns the count.
     */
    long print(
        Target target,
        Source<Entry, NotUsed> events,
        PrintWriter out,
        boolean json,
        Predicate<Entry> keep) {
      EventFormat format = format();
      long[] printed = {0};
      source()
          .forEach(
              target.persistenceId(),
              events,
              e -> {
                if (!keep.test(e)) return;
                out.println(json ? format.jsonLine(e) : format.line(e));
                out.flush();
                printed[0]++;
              });
      return printed[0];
    }

    @Override
    public void close() {
      source().close();
      embedded.ifPresent(LocalPostgres::close);
    }
  }

  /** ISO-8601 instants on the command line: {@code 2026-11-26T22:21:33Z}. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an instant (e.g. 2026-11-26T22:21:33Z)");
      }
    }
  }

  /**
   * Which entity type an id names, for an id of several types (a bot and its gateway share one):
   * without it the bot is taken, and the others are named on standard error.
   */
  static final class TypeOption {
    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "The entity type: bot, chat or gateway (default: bot when an id is both).")
    String type;

    Target resolve(Session session, String id, PrintWriter err) {
      Target target = session.inspector().resolve(id, Optional.ofNullable(type));
      if (type == null && !target.others().isEmpty()) {
        err.println(
            "showing "
                + target.persistenceId()
                + "; also "
                + String.join(", ", target.others())
                + " (--type "
                + String.join(
                    " or --type ",
                    target.others().stream()
                        .map(p -> p.substring(0, p.indexOf('|')))
                        .map(t -> session.inspector().kind(t).map(k -> k.shortName()).orElse(t))
                        .toList())
                + ")");
        err.flush();
      }
      return target;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Persistence ids with their event counts and first and last write times.")
  static final class ListIds implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Database database;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "Only this entity type: bot, chat or gateway (or its type name, e.g. Bot).")
    String type;

    @Option(names = "--id", paramLabel = "TEXT", description = "Only ids containing this text.")
    String contains;

    @Option(
        names = "--limit",
        defaultValue = "1000",
        description = "At most this many ids (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      try (Session session = database.open()) {
        PrintWriter out = spec.commandLine().getOut();
        var ids =
            session
                .source()
                .list(
                    Optional.ofNullable(type).map(t -> session.inspector().kindNamed(t).typeName()),
                    Optional.ofNullable(contains),
                    limit);
        out.printf("%-48s %8s  %-24s  %-24s%n", "persistence id", "events", "first", "last");
        for (var id : ids)
          out.printf(
              "%-48s %8d  %-24s  %-24s%n", id.persistenceId(), id.events(), id.first(), id.last());
        out.printf(
            "%d ids%s%n", ids.size(), ids.size() == limit ? " (limit reached: --limit)" : "");
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "An entity's events, one a line.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Database database;
    @Mixin TypeOption types;

    @Parameters(
        paramLabel = "ID",
        description =
            "A persistence id (Bot|ada) or an entity id (ada: the bot, when its gateway has the same id).")
    String id;

    @Option(
        names = "--from-seq",
        defaultValue = "1",
        description = "First sequence number (default 1).")
    long from;

    @Option(names = "--to-seq", description = "Last sequence number (default: the last event).")
    Long to;

    @Option(
        names = "--since",
        converter = InstantConverter.class,
        description = "Only events written at or after this instant.")
    Instant since;

    @Option(
        names = "--until",
        converter = InstantConverter.class,
        description = "Only events written at or before this instant.")
    Instant until;

    @Option(names = "--json", description = "JSON lines for tools.")
    boolean json;

    @Override
    public Integer call() {
      try (Session session = database.open()) {
        Target target = types.resolve(session, id, spec.commandLine().getErr());
        long last = to == null ? target.highestSequenceNr() : to;
        if (from < 1 || from > target.highestSequenceNr())
          throw new io.botswarm.journal.JournalException(
              target.persistenceId()
                  + " has "
                  + target.highestSequenceNr()
                  + " events; --from-seq "
                  + from
                  + " is past the end");
        PrintWriter out = spec.commandLine().getOut();
        session.print(
            target,
            session.source().events(target.persistenceId(), from, last),
            out,
            json,
            e ->
                (since == null || !e.timestamp().isBefore(since))
                    && (until == null || !e.timestamp().isAfter(until)));
      }
      return 0;
    }
  }

  /** Exactly one way to name a point in an entity's history. */
  static final class PointOption {
    @Option(names = "--to-seq", required = true, description = "After this event.")
    Long toSeq;

    @Option(
        names = "--at",
        required = true,
        converter = InstantConverter.class,
        description = "As it was at this instant.")
    Instant at;

    Point replay(JournalInspector inspector, Target target) {
      return toSeq != null ? inspector.replayTo(target, toSeq) : inspector.replayAt(target, at);
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Rebuilds an entity's state at a point with its own event handler and prints it.")
  static final class Replay implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Database database;
    @Mixin TypeOption types;

    @Parameters(paramLabel = "ID", description = "A persistence id or an unambiguous entity id.")
    String id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PointOption point;

    @Option(names = "--json", description = "The state as JSON.")
    boolean json;

    @Override
    public Integer call() {
      try (Session session = database.open()) {
        Target target = types.resolve(session, id, spec.commandLine().getErr());
        Point p = point.replay(session.inspector(), target);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.println(session.format().json(p.state()));
        } else {
          out.printf(
              "%s after event %d of %d (%s)%n",
              target.persistenceId(), p.sequenceNr(), target.highestSequenceNr(), p.at());
          out.print(target.kind().describe(p.state(), p.at()));
        }
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description =
          "What changed in an entity's state between two points (sequence numbers or instants).")
  static final class Diff implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Database database;
    @Mixin TypeOption types;

    @Parameters(
        index = "0",
        paramLabel = "ID",
        description = "A persistence id or an unambiguous entity id.")
    String id;

    @Parameters(
        index = "1",
        paramLabel = "A",
        description = "The earlier point: a sequence number or an instant.")
    String a;

    @Parameters(
        index = "2",
        paramLabel = "B",
        description = "The later point: a sequence number or an instant.")
    String b;

    @Override
    public Integer call() {
      try (Session session = database.open()) {
        Target target = types.resolve(session, id, spec.commandLine().getErr());
        Point from = at(session.inspector(), target, a);
        Point to = at(session.inspector(), target, b);
        var format = session.format();
        List<String> changes =
            StateDiff.between(format.tree(from.state()), format.tree(to.state()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            "%s: event %d (%s) -> event %d (%s)%n",
            target.persistenceId(), from.sequenceNr(), from.at(), to.sequenceNr(), to.at());
        changes.forEach(out::println);
        out.println(changes.isEmpty() ? "no change" : changes.size() + " changes");
        out.flush();
      }
      return 0;
    }

    private Point at(JournalInspector inspector, Target target, String point) {
      if (point.chars().allMatch(Character::isDigit))
        return inspector.replayTo(target, Long.parseLong(point));
      return inspector.replayAt(target, new InstantConverter().convert(point));
    }
  }

  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = "Follows an entity's new events live as the swarm runs (Ctrl-C stops).")
  static final class Tail implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Database database;
    @Mixin TypeOption types;

    @Parameters(paramLabel = "ID", description = "A persistence id or an unambiguous entity id.")
    String id;

    @Option(
        names = "--from-seq",
        description = "Start here (default: after the last event written so far).")
    Long from;

    @Option(names = "--max", description = "Stop after this many events.")
    Long max;

    @Option(names = "--json", description = "JSON lines for tools.")
    boolean json;

    @Override
    public Integer call() {
      try (Session session = database.open()) {
        Target target = types.resolve(session, id, spec.commandLine().getErr());
        long start = from != null ? from : target.highestSequenceNr() + 1;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("following %s from event %d%n", target.persistenceId(), start);
        out.flush();
        var events = session.source().follow(target.persistenceId(), start);
        if (max != null) events = events.take(max);
        session.print(target, events, out, json, e -> true);
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Every event of the given entities, for a bug report.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Database database;
    @Mixin TypeOption types;

    @Parameters(
        paramLabel = "ID",
        arity = "1..*",
        description = "Persistence ids or unambiguous entity ids.")
    List<String> ids;

    @Option(
        names = "--format",
        defaultValue = "jsonl",
        description = "Output format; jsonl (default) is the one there is.")
    String format;

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description = "Write here instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
      if (!format.equals("jsonl"))
        throw new ParameterException(
            spec.commandLine(), "--format " + format + " is not known; use jsonl");
      try (Session session = database.open()) {
        List<Target> targets =
            ids.stream().map(i -> types.resolve(session, i, spec.commandLine().getErr())).toList();
        PrintWriter out =
            output == null
                ? spec.commandLine().getOut()
                : new PrintWriter(Files.newBufferedWriter(output));
        long count = 0;
        try {
          for (Target t : targets) {
            count +=
                session.print(
                    t,
                    session.source().events(t.persistenceId(), 1, Long.MAX_VALUE),
                    out,
                    true,
                    e -> true);
          }
        } finally {
          out.flush();
          if (output != null) out.close();
        }
        if (output != null)
          spec.commandLine()
              .getOut()
              .printf("exported %d events of %d entities to %s%n", count, targets.size(), output);
        spec.commandLine().getOut().flush();
      }
      return 0;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Replays every entity and checks its invariants; exits 1 when any is broken.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Database database;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "Only this entity type: bot, chat or gateway (or its type name, e.g. Bot).")
    String type;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Override
    public Integer call() {
      try (Session session = database.open()) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> typeName =
            Optional.ofNullable(type).map(t -> session.inspector().kindNamed(t).typeName());
        boolean progress = !noProgress && System.console() != null;
        long total = progress ? session.source().countEvents(typeName) : 0;
        var report =
            new Verifier(session.inspector())
                .verify(
                    typeName,
                    done -> {
                      if (!progress) return;
                      int width = 30;
                      int filled = total == 0 ? width : (int) (width * done / total);
                      err.printf(
                          "\r[%s%s] %,d / %,d events",
                          "#".repeat(filled), " ".repeat(width - filled), done, total);
                      err.flush();
                    });
        if (progress) err.println();
        report.violations().forEach(v -> out.println(v));
        out.printf(
            "%,d entities, %,d events checked in %.1f s (%,.0f events/s): %s%n",
            report.entities(),
            report.events(),
            report.took().toMillis() / 1000.0,
            report.events() / Math.max(0.001, report.took().toNanos() / 1e9),
            report.clean() ? "no violations" : report.violations().size() + " violations");
        out.flush();
        return report.clean() ? 0 : UserErrors.FAILED;
      }
    }
  }
}
