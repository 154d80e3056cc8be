package io.botswarm.telegram.sandbox;

/**
 * What the sandbox counted: pollers ended by a second poller of the same token, 429 answers, the
 * messages bots and people posted, and getUpdates calls.
 */
public record SandboxStats(
    long conflicts, long rateLimited, long botMessages, long humanMessages, long polls) {}
