package io.botswarm.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/** How much of the log a command shows on the console; set before anything else logs. */
final class ConsoleLog {

  private ConsoleLog() {}

  /**
   * Sets the console threshold ({@code logback.xml} reads {@code botswarm.console.level}) and
   * initialises logging now, on this thread, so that the actor system's threads do not race to do
   * it.
   */
  static void level(String level) {
    System.setProperty("botswarm.console.level", level);
    // Logging may already be running (the Kanela agent starts before main): read it anew.
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("logback.xml is broken: " + e.getMessage(), e);
      }
    }
  }
}
