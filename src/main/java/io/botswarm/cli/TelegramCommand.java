package io.botswarm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.botswarm.cluster.NodeConfig;
import io.botswarm.definition.DefinitionLoader;
import io.botswarm.definition.SwarmDefinition;
import io.botswarm.telegram.BotTokens;
import io.botswarm.telegram.CheckTargets;
import io.botswarm.telegram.TelegramCheck;
import io.botswarm.telegram.TelegramSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code swarm telegram}: the swarm's side of Telegram, looked at from the command line. */
@Command(
    name = "telegram",
    mixinStandardHelpOptions = true,
    description = "Looks at the swarm's bots and groups on Telegram.",
    subcommands = {TelegramCommand.Check.class})
final class TelegramCommand {

  /**
   * A swarm definition's bots and chats as the check takes them. Token references are checked by
   * the check itself (as rows), so the file is read as a dry run would read it.
   *
   * @throws io.botswarm.definition.DefinitionException naming every problem of the file
   */
  static CheckTargets targets(Path file) {
    SwarmDefinition definition =
        new DefinitionLoader(ref -> true, DefinitionLoader.Mode.DRY_RUN).load(file).orThrow();
    return CheckTargets.of(
        definition.bots().stream()
            .map(
                b ->
                    new CheckTargets.Bot(
                        b.id(), b.username(), b.token() == null ? null : b.token().ref()))
            .toList(),
        definition.chats().stream()
            .map(
                c ->
                    new CheckTargets.Chat(
                        c.id(), c.title(), c.members().stream().map(m -> m.bot()).toList()))
            .toList());
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Checks a swarm definition against Telegram before a first run: for every bot, its token "
              + "is found and live, its username matches, its privacy mode, its webhook against the "
              + "mode; for every chat, each member bot sees the group and may send to it. Prints a "
              + "table with what to do; exits 1 when anything blocks the swarm.")
  static final class Check implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "The swarm definition (swarm.yaml or JSON).")
    Path file;

    @Option(
        names = "--api",
        paramLabel = "URL",
        description =
            "The Bot API's address (default: botswarm.telegram.api-url, SWARM_TELEGRAM_API, else https://api.telegram.org).")
    String api;

    @Option(
        names = "--mode",
        paramLabel = "polling|webhook",
        description =
            "How the swarm gets updates (default: botswarm.telegram.mode, SWARM_TELEGRAM_MODE).")
    String mode;

    @Option(
        names = "--webhook-url",
        paramLabel = "URL",
        description =
            "In webhook mode, the swarm's public URL (default: botswarm.telegram.webhook.public-url, SWARM_TELEGRAM_WEBHOOK_URL).")
    String webhookUrl;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "The node's overlay configuration (HOCON), for its token file and Telegram settings.")
    Path config;

    @Option(names = "--json", description = "Print the findings as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file))
        throw new ParameterException(
            spec.commandLine(), "no swarm definition at " + file + ": give one with -f FILE");
      ConsoleLog.level("WARN");
      Config telegram =
          NodeConfig.load(Optional.ofNullable(config), Map.of())
              .resolve()
              .getConfig("botswarm.telegram");
      var options =
          new TelegramCheck.Options(
              apiUrl(api != null ? api : telegram.getString("api-url")),
              mode(mode != null ? mode : telegram.getString("mode")),
              webhookUrl != null ? webhookUrl : telegram.getString("webhook.public-url"),
              Duration.ofSeconds(10));
      BotTokens tokens = BotTokens.load(telegram, System.getenv());
      TelegramCheck.Report report = new TelegramCheck(tokens, options).run(targets(file));
      PrintWriter out = spec.commandLine().getOut();
      if (json) out.println(report.json(new ObjectMapper()).toPrettyString());
      else out.print(report.table());
      out.flush();
      return report.exitStatus();
    }

    private URI apiUrl(String given) {
      try {
        URI uri = URI.create(given.replaceAll("/+$", ""));
        if (uri.getScheme() != null
            && uri.getHost() != null
            && (uri.getPath() == null || uri.getPath().isEmpty())) return uri;
      } catch (IllegalArgumentException e) {
        // Reported below with the accepted form.
      }
      throw new ParameterException(
          spec.commandLine(),
          "the Bot API address is scheme://host[:port], like https://api.telegram.org or http://127.0.0.1:8081, not "
              + given);
    }

    private TelegramSettings.Mode mode(String given) {
      try {
        return TelegramSettings.Mode.valueOf(given.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--mode is polling or webhook, not " + given);
      }
    }
  }
}
