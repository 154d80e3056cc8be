/**
 * Chats: the {@link io.botswarm.chat.ChatCoordinator}, one per chat in the cluster, which decides
 * who speaks, rate-limits ({@link io.botswarm.chat.Limiter}, exact sliding windows in its journaled
 * state), deduplicates incoming and outgoing messages and hands admitted messages to a {@link
 * io.botswarm.chat.ChatTransport} at most once; its settings, state and helpers.
 *
 * <p>Depends on {@code bot} (asking bots for drafts, telling them what was said, their words),
 * {@code generation} (drafts, chat lines, the longest text), {@code metrics} (verdicts, outcomes
 * and journal write timings) and {@code serialization} (the marker of its messages, events and
 * state). Telegram provides a transport.
 */
package io.botswarm.chat;
