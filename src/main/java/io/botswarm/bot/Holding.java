package io.botswarm.bot;

import java.math.BigDecimal;
import java.time.Instant;

/** How much of a symbol (a stock or a coin) a bot holds, at what average cost. Never negative. */
public record Holding(
    String symbol, BigDecimal quantity, BigDecimal averageCost, Instant updatedAt) {}
