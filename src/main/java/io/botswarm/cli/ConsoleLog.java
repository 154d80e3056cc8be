package io.botswarm.cli;

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
    LoggerFactory.getILoggerFactory();
  }
}
