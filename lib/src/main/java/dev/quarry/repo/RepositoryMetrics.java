package dev.quarry.repo;

/**
 * What a repository has done since it was opened.
 *
 * @param items items stored now
 * @param operations calls of the repository's methods
 * @param failures calls that threw
 * @param averageLatencyNanos mean time per timed call, nanoseconds (the in-memory repository times
 *     one call in 16 per thread, as reading the clock costs more than a lookup)
 * @param maxLatencyNanos longest timed call, nanoseconds
 */
public record RepositoryMetrics(
    long items, long operations, long failures, double averageLatencyNanos, long maxLatencyNanos) {}
