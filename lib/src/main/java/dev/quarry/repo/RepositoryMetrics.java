package dev.quarry.repo;

/**
 * What a repository has done since it was opened.
 *
 * @param items items stored now
 * @param operations calls of the repository's methods
 * @param failures calls that threw
 * @param averageLatencyNanos mean time per call, nanoseconds
 * @param maxLatencyNanos longest call, nanoseconds
 */
public record RepositoryMetrics(
    long items, long operations, long failures, double averageLatencyNanos, long maxLatencyNanos) {}
