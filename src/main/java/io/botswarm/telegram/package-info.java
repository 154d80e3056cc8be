/**
 * Telegram: the {@link io.botswarm.telegram.TelegramGateway}, one per bot token in the cluster
 * (sharded), which long-polls or takes webhook updates for its bot, hands them to chat coordinators
 * and sends what they admit, within Telegram's limits and at most once; the {@link
 * io.botswarm.telegram.TelegramTransport} coordinators post through; tokens and their redaction;
 * the mapping of updates to chat messages; {@link io.botswarm.telegram.TelegramCheck}, which checks
 * a swarm's bots and groups on Telegram before a first run ({@code swarm telegram check}). Built on
 * the telegrambots client and long polling.
 *
 * <p>Depends on {@code chat} (coordinators, the transport contract, token buckets), {@code bot} (a
 * bot's declared token reference and whether it is in the swarm at all, through {@code
 * BotClient.describe}), {@code generation} (the longest text a message may have), {@code http} (the
 * webhook's listener), {@code metrics} (Bot API timings and errors, refused sends, poll conflicts,
 * re-based offsets, bots in privacy mode) and {@code serialization} (the marker of its messages,
 * events and state). The Bot API sandbox lives in {@code telegram.sandbox} and depends on none of
 * this.
 */
package io.botswarm.telegram;
