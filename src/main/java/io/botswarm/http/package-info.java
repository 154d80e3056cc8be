/**
 * The node's HTTP listeners, bound and unbound one way: {@link io.botswarm.http.HttpEndpoint}. The
 * read API ({@code api}) and the Telegram webhook ({@code telegram}) build on it; it depends on
 * nothing of ours.
 */
package io.botswarm.http;
