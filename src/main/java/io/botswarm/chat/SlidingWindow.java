package io.botswarm.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One limit of {@code capacity} admissions per {@code period} as an exact sliding window, a value:
 * an admission at {@code t} is allowed only if fewer than {@code capacity} happened in {@code (t -
 * period, t]}. Only the last {@code capacity} admissions can bind, so only those are kept (the
 * capacity is the {@link Limiter}'s, passed in, so a change of limits needs no rewrite).
 *
 * <p>A token bucket of the same capacity would let up to {@code 2 × capacity − 1} through in one
 * period (a full bucket, then what refills in less than the period): 39 a minute against Telegram's
 * 20 in a group.
 *
 * @param admissions the latest admissions, oldest first
 */
public record SlidingWindow(Duration period, List<Instant> admissions) {

  public SlidingWindow {
    admissions = List.copyOf(admissions);
  }

  public static SlidingWindow empty(Duration period) {
    return new SlidingWindow(period, List.of());
  }

  /**
   * Reads this window as written now, or a {@code TokenBucket} ({@code capacity}, {@code period},
   * {@code tokens}, {@code updated}) as snapshots written before windows replaced buckets hold it.
   * A bucket does not tell how many admissions its last period held (refill hides them: up to twice
   * its capacity), so a used bucket ({@code updated} is its last admission) is read as a full
   * window at {@code updated}: nothing more goes until one period after it, and no window that may
   * already be full gets a message more. That costs at most one period of waiting once, after the
   * upgrade. A bucket never used is read as an empty window.
   */
  @JsonCreator
  static SlidingWindow read(
      @JsonProperty("period") Duration period,
      @JsonProperty("admissions") List<Instant> admissions,
      @JsonProperty("capacity") Double capacity,
      @JsonProperty("tokens") Double tokens,
      @JsonProperty("updated") Instant updated) {
    if (period == null)
      throw new IllegalArgumentException(
          "a rate limit's window has no period: the snapshot is damaged; delete it to rebuild the chat from its journal");
    if (admissions != null) return new SlidingWindow(period, admissions);
    if (capacity == null || tokens == null || updated == null || tokens >= capacity)
      return empty(period);
    return new SlidingWindow(period, Collections.nCopies((int) Math.ceil(capacity), updated));
  }

  /**
   * The earliest instant at or after {@code now}, and not before the latest admission (a draft
   * booked to go later), at which one more admission keeps at most {@code capacity} in every window
   * of one period.
   */
  public Instant next(int capacity, Instant now) {
    Instant base = now;
    if (!admissions.isEmpty() && admissions.get(admissions.size() - 1).isAfter(base))
      base = admissions.get(admissions.size() - 1);
    if (admissions.size() < capacity) return base;
    // Every admission kept is at or before base: the capacity-th most recent leaves the window
    // one period after it.
    Instant free = admissions.get(admissions.size() - capacity).plus(period);
    return free.isAfter(base) ? free : base;
  }

  /** How many more may go at {@code now}, counting admissions booked after it. */
  public int left(int capacity, Instant now) {
    Instant from = now.minus(period);
    long inWindow = admissions.stream().filter(a -> a.isAfter(from)).count();
    return (int) Math.max(0, capacity - inWindow);
  }

  /** One admission at {@code at}; only the last {@code capacity} are kept. */
  public SlidingWindow admit(int capacity, Instant at) {
    var next = new ArrayList<>(admissions);
    int i = next.size();
    while (i > 0 && next.get(i - 1).isAfter(at)) i--;
    next.add(i, at);
    return new SlidingWindow(period, next).kept(capacity);
  }

  /** The last {@code capacity} admissions: all that can bind under that capacity. */
  public SlidingWindow kept(int capacity) {
    if (admissions.size() <= capacity) return this;
    return new SlidingWindow(
        period, admissions.subList(admissions.size() - capacity, admissions.size()));
  }
}
