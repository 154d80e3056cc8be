package io.botswarm.telegram.sandbox;

import java.util.Locale;

/** What the sandbox can be told to do wrong, to test how the swarm copes. */
public enum SandboxFault {
  /** The bot's next calls answer 500 before doing anything. */
  SERVER_ERROR,
  /** The bot's next messages are posted, but the answer is lost (a 502 from a proxy). */
  DROP_RESPONSE,
  /** An update the client cannot parse is queued for the bot. */
  MALFORMED_UPDATE;

  static SandboxFault parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "fault is one of server-error, drop-response, malformed-update, not '" + name + "'");
    }
  }
}
