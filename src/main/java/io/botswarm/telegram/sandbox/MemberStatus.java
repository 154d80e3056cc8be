package io.botswarm.telegram.sandbox;

import java.util.Locale;

/**
 * A bot's standing in a sandbox chat, as {@code getChatMember} reports it. {@link #RESTRICTED} here
 * means restricted from sending messages (the restriction that matters to a swarm).
 */
public enum MemberStatus {
  MEMBER,
  ADMINISTRATOR,
  RESTRICTED,
  LEFT,
  KICKED;

  /** In the chat: it receives the chat's messages (a restricted member still reads). */
  boolean present() {
    return this == MEMBER || this == ADMINISTRATOR || this == RESTRICTED;
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static MemberStatus parse(String status) {
    for (MemberStatus s : values()) if (s.wire().equals(status)) return s;
    throw new IllegalArgumentException(
        "status is member, administrator, restricted, left or kicked, not '" + status + "'");
  }
}
