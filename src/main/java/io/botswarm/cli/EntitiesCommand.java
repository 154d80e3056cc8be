package io.botswarm.cli;

import io.botswarm.admin.AdminClient;
import io.botswarm.admin.AdminOperations.Kind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code swarm bots} and {@code swarm chats}: the same four subcommands over a running swarm's bots
 * or chats, through any node's admin API.
 */
abstract class EntitiesCommand {

  abstract Kind kind();

  String noun() {
    return kind() == Kind.BOT ? "bot" : "chat";
  }

  @Command(
      name = "bots",
      mixinStandardHelpOptions = true,
      description = "Lists, shows, enables and disables the bots of a running swarm.",
      subcommands = {ListRows.class, Show.class, Enable.class, Disable.class})
  static final class Bots extends EntitiesCommand {
    @Override
    Kind kind() {
      return Kind.BOT;
    }
  }

  @Command(
      name = "chats",
      mixinStandardHelpOptions = true,
      description =
          "Lists, shows, enables and disables the chats of a running swarm; --pending lists the "
              + "groups the swarm's bots were added to that no definition names yet.",
      subcommands = {ListRows.class, Show.class, Enable.class, Disable.class})
  static final class Chats extends EntitiesCommand {
    @Override
    Kind kind() {
      return Kind.CHAT;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "A table of the swarm's ${PARENT-COMMAND-NAME}, a row each.")
  static final class ListRows implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand EntitiesCommand parent;
    @Mixin AdminOptions admin;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(
        names = "--pending",
        description =
            "Chats only: the groups a bot was added to that the definition does not list (id and "
                + "title, ready to paste into it).")
    boolean pending;

    @Override
    public Integer call() {
      if (pending && parent.kind() == Kind.BOT)
        throw new ParameterException(
            spec.commandLine(), "--pending is for chats: bots are never pending");
      AdminClient client = admin.client(spec);
      var rows = AdminClient.await(client.list(parent.kind(), pending));
      var out = spec.commandLine().getOut();
      if (json) AdminOutput.json(rows, out);
      else if (rows.isEmpty())
        out.println("no " + (pending ? "pending " : "") + parent.noun() + "s");
      else AdminOutput.table(rows, out);
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "One of the swarm's ${PARENT-COMMAND-NAME} in detail.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand EntitiesCommand parent;
    @Mixin AdminOptions admin;

    @Parameters(paramLabel = "ID", description = "The bot id or the chat id.")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      var found = AdminClient.await(admin.client(spec).show(parent.kind(), id));
      if (found.isEmpty())
        throw new IllegalArgumentException(
            "unknown "
                + parent.noun()
                + " "
                + id
                + " ('swarm "
                + parent.noun()
                + "s list' lists them)");
      var out = spec.commandLine().getOut();
      if (json) AdminOutput.json(found.get(), out);
      else AdminOutput.details(found.get(), out);
      return 0;
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Enables one of the swarm's ${PARENT-COMMAND-NAME}.")
  static final class Enable implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand EntitiesCommand parent;
    @Mixin AdminOptions admin;

    @Parameters(paramLabel = "ID", description = "The bot id or the chat id.")
    String id;

    @Override
    public Integer call() {
      return setEnabled(spec, parent, admin, id, true);
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description =
          "Disables one of the swarm's ${PARENT-COMMAND-NAME}: it stays in the journal and falls silent.")
  static final class Disable implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand EntitiesCommand parent;
    @Mixin AdminOptions admin;

    @Parameters(paramLabel = "ID", description = "The bot id or the chat id.")
    String id;

    @Override
    public Integer call() {
      return setEnabled(spec, parent, admin, id, false);
    }
  }

  private static int setEnabled(
      CommandSpec spec, EntitiesCommand parent, AdminOptions admin, String id, boolean enabled) {
    var report = AdminClient.await(admin.client(spec).setEnabled(parent.kind(), id, enabled));
    return AdminOutput.plan(
        report,
        parent.noun() + " " + id,
        true,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
