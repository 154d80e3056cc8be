package io.botswarm.cli;

import io.botswarm.definition.ChatEntry;
import io.botswarm.telegram.sandbox.BotApiSandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swarm sandbox}: the Bot API sandbox on its own, playing Telegram for a swarm definition
 * (its bots and chats), or for the generated one of {@code --bots/--chats/--seed}. It writes the
 * bots' sandbox tokens where the definition's references look ({@code file:KEY} to the tokens file
 * nodes read, {@code SWARM_TELEGRAM_TOKENS_FILE}; {@code env:NAME} to {@code tokens.env} beside
 * it), so that a cluster started apart (scripts/cluster) talks to it as it would to Telegram.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Runs the Bot API sandbox: Telegram's Bot API for a swarm definition's bots and group chats (-f FILE, or the generated world of --bots, --chats and --seed, as `swarm init` writes it), and a live page of the chats where you can post. Nodes reach it with SWARM_TELEGRAM_API=<its address>, SWARM_TELEGRAM_TOKENS_FILE=<the tokens file> and the variables of tokens.env, when bots reference environment variables.")
final class SandboxCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on.")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "Port of the Bot API and the page (default ${DEFAULT-VALUE}).")
  int port;

  @Mixin DefinitionOptions definitionOptions;

  @Option(
      names = "--bot-to-bot",
      description = "Bots in the bot-to-bot mode of Bot API 10.0: they see each other's messages.")
  boolean botToBot;

  @Option(
      names = "--tokens-file",
      defaultValue = "data/sandbox/tokens.properties",
      description =
          "Where to write the bots' tokens, one `key = token` a line: the key a bot's `token: {file: KEY}` names, else its bot id (default ${DEFAULT-VALUE}). Bots with `token: {env: NAME}` get a NAME=token line in tokens.env beside it.")
  Path tokensFile;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var world = DefinitionSandbox.of(definitionOptions.definition(spec, out));
    Optional<Path> envFile = world.write(tokensFile, definitionOptions.describe());
    BotApiSandbox sandbox = BotApiSandbox.start(world.spec(botToBot), host, port);
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
    out.println(
        "  tokens    "
            + tokensFile.toAbsolutePath()
            + " ("
            + world.fileEntries().size()
            + " tokens)");
    envFile.ifPresent(
        f ->
            out.println(
                "  env       "
                    + f
                    + " ("
                    + world.environment().size()
                    + " bots with token: {env: NAME}; export these variables to the nodes)"));
    for (ChatEntry c : world.definition().chats())
      out.printf("  chat      %s (%d): %d bots%n", c.title(), c.id(), c.members().size());
    out.println(
        "  nodes     SWARM_TELEGRAM_API="
            + sandbox.url()
            + " SWARM_TELEGRAM_TOKENS_FILE="
            + tokensFile.toAbsolutePath()
            + envFile.map(f -> " and the variables of " + f).orElse(""));
    out.println("  running; Ctrl-C stops it");
    out.flush();
    stopped.await();
    return 0;
  }
}
