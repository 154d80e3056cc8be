/**
 * The persona bot: the sharded, event-sourced {@link io.botswarm.bot.Bot} entity with its commands,
 * events and {@link io.botswarm.bot.Profile} state, the value records it is made of (persona,
 * emotion, stance, holding, memory), the operator's declared {@link io.botswarm.bot.BotSpec} and
 * {@link io.botswarm.bot.BotSpecs}, what applying one changes, its settings and event migrations,
 * and {@link io.botswarm.bot.BotClient}, the typed facade callers outside actors use.
 *
 * <p>Depends on {@code serialization} (the marker of its messages, events and state) and {@code
 * metrics} (journal write timings) only; chats, Telegram and generation depend on it, never the
 * other way round.
 */
package io.botswarm.bot;
