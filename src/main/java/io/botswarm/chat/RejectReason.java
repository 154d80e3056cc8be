package io.botswarm.chat;

/**
 * Why a draft was not admitted; journaled by name in {@link ChatCoordinator.DraftRejected}, so a
 * value is never renamed or removed.
 */
public enum RejectReason {
  CHAT_DISABLED,
  NOT_A_MEMBER,
  QUIET_HOURS,
  EMPTY,
  TOO_LONG,
  DUPLICATE,
  RATE_LIMITED,
  CANNOT_POST
}
