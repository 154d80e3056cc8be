package io.botswarm.chat;

/**
 * Why a message is heard (journaled, members hear it, it is the drafts' context) but nobody is
 * asked to answer it.
 */
public enum Unanswered {
  /** The linked channel's post, forwarded by Telegram into its discussion group. */
  AUTOMATIC_FORWARD,
  /** Someone forwarded another's words into the chat: they are shared, not asked. */
  FORWARDED,
  /** Older than {@code botswarm.chat.backlog.answer-window} when it arrived (downtime). */
  BACKLOG
}
