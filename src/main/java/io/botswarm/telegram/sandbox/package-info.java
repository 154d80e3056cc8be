/**
 * The Bot API sandbox: an HTTP server that speaks the part of Telegram's Bot API the swarm uses
 * ({@code getMe}, {@code getUpdates}, {@code sendMessage}, webhooks, {@code sendChatAction}, and
 * {@code getChat} and {@code getChatMember} for {@code swarm telegram check}) with Telegram's JSON
 * shapes, errors and behaviour (flood limits and long floods on demand, one poller per token, who
 * sees whose messages, who is in which chat), plus a live page of every chat where a person can
 * post. The swarm reaches it through the telegrambots client exactly as it reaches Telegram.
 *
 * <p>Depends on {@code chat} (its {@code TokenBucket}, for flood limits, and nothing else of it)
 * and {@code http} (the listener); nothing else of the swarm. It runs in its own actor system.
 */
package io.botswarm.telegram.sandbox;
