/**
 * What bots say: the {@link io.botswarm.generation.Generator} interface, the offline generator
 * (default, no network), the OpenAI-compatible client behind a bounded queue and a circuit breaker
 * with the offline generator as fallback, the LLM budget ({@link io.botswarm.generation.LlmBudget},
 * tokens per bot, chat and swarm a day, counted in the {@code llm_budget} table), memory retrieval
 * (recency, importance, relevance), and {@link io.botswarm.generation.DraftService}, which asks one
 * bot for one message.
 *
 * <p>Depends on {@code bot} (the profile a draft is written from, through {@code BotClient}),
 * {@code metrics} (generation timings, fallbacks and the budget's tokens) and {@code latency} (the
 * endpoint's latencies), and on the {@code llm_budget} table through the {@code DataSource} its
 * node hands it (never on {@code store}); the chat coordinator depends on it.
 */
package io.botswarm.generation;
