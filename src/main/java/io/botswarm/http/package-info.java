/**
 * The node's HTTP listeners, bound and unbound one way ({@link io.botswarm.http.HttpEndpoint}), and
 * the bearer token that guards an API ({@link io.botswarm.http.BearerToken}), and how an API
 * answers in JSON ({@link io.botswarm.http.JsonAnswers}). The read API ({@code api}), the admin API
 * ({@code admin}), the Telegram webhook ({@code telegram}) and the Bot API sandbox build on it.
 *
 * <p>Depends on nothing of ours.
 */
package io.botswarm.http;
