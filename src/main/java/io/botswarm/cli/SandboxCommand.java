package io.botswarm.cli;

import io.botswarm.telegram.sandbox.BotApiSandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swarm sandbox}: the Bot API sandbox on its own, with the demo's bots and chats for a seed.
 * It writes the bots' tokens to a secrets file that nodes read ({@code
 * SWARM_TELEGRAM_TOKENS_FILE}), so that a cluster started apart (scripts/cluster) talks to it as it
 * would to Telegram.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Runs the Bot API sandbox: Telegram's Bot API for the demo's bots and group chats (the same for the same --seed), and a live page of the chats where you can post. Nodes reach it with SWARM_TELEGRAM_API=<its address> and SWARM_TELEGRAM_TOKENS_FILE=<the tokens file>.")
final class SandboxCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on.")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "Port of the Bot API and the page (default ${DEFAULT-VALUE}).")
  int port;

  @Mixin WorldOptions worldOptions;

  @Option(
      names = "--bot-to-bot",
      description = "Bots in the bot-to-bot mode of Bot API 10.0: they see each other's messages.")
  boolean botToBot;

  @Option(
      names = "--tokens-file",
      defaultValue = "data/sandbox/tokens.properties",
      description =
          "Where to write the bots' tokens, one `bot-id = token` a line (default ${DEFAULT-VALUE}).")
  Path tokensFile;

  @Override
  public Integer call() throws Exception {
    DemoWorld world = worldOptions.world(spec);
    writeTokens(world);
    PrintWriter out = spec.commandLine().getOut();
    BotApiSandbox sandbox = BotApiSandbox.start(world.sandboxSpec(botToBot), host, port);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                },
                "sandbox-stop"));
    out.println("botswarm sandbox: the Bot API and the live page at " + sandbox.url() + "/");
    out.println("  tokens    " + tokensFile.toAbsolutePath() + " (" + world.bots.size() + " bots)");
    for (DemoWorld.ChatPlan c : world.chats)
      out.printf("  chat      %s (%d): %d bots%n", c.title(), c.id(), c.members().size());
    out.println(
        "  nodes     SWARM_TELEGRAM_API="
            + sandbox.url()
            + " SWARM_TELEGRAM_TOKENS_FILE="
            + tokensFile.toAbsolutePath());
    out.println("  running; Ctrl-C stops it");
    out.flush();
    stopped.await();
    return 0;
  }

  private void writeTokens(DemoWorld world) {
    StringBuilder lines =
        new StringBuilder("# Sandbox tokens of the demo's bots (seed " + world.seed + ")\n");
    world
        .tokens()
        .forEach((id, token) -> lines.append(id).append(" = ").append(token).append('\n'));
    try {
      Path parent = tokensFile.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(tokensFile, lines);
      try {
        Files.setPosixFilePermissions(tokensFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException noPosix) {
        // Not a POSIX file system: the file keeps its default permissions.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tokens file " + tokensFile, e);
    }
  }
}
