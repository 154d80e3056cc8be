/**
 * Chats: the {@link io.botswarm.chat.ChatCoordinator}, one per chat in the cluster, which decides
 * who speaks, rate-limits ({@link io.botswarm.chat.Limiter}, token buckets in its journaled state),
 * deduplicates incoming and outgoing messages and hands admitted messages to a {@link
 * io.botswarm.chat.ChatTransport} at most once; its settings, state and helpers.
 *
 * <p>Depends on {@code bot} and {@code generation}; Telegram provides a transport.
 */
package io.botswarm.chat;
