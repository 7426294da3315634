package dev.cutover.simulation;

import dev.cutover.protocol.Hour;

import java.util.List;
import java.util.Map;

/**
 * Hourly raw input per stream, derived from the seed: most hours have events (some only canary events: an empty
 * partition), a few have none. The new job refines like the legacy one, except on a few streams: some always differ
 * (their verdicts FAIL, they are held back), some start differing late (after promotion: auto-rollback).
 */
public final class RawInput {

    private final long seed;
    private final Map<String, Integer> index;
    private final Hour start;
    private final String newJob;
    private final int regressFrom;

    RawInput(long seed, List<String> streams, Hour start, String newJob, int hours) {
        this.seed = seed;
        this.index = new java.util.HashMap<>();
        for (int i = 0; i < streams.size(); i++) {
            index.put(streams.get(i), i);
        }
        this.start = start;
        this.newJob = newJob;
        this.regressFrom = hours / 2;
    }

    private long mix(long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int hourIndex(Hour hour) {
        return (int) java.time.Duration.between(start.toInstant(), hour.toInstant()).toHours();
    }

    public int streamIndex(String stream) {
        return index.get(stream);
    }

    /** Whether the hour has raw input (complete, {@code _IMPORTED}). */
    public boolean has(String stream, Hour hour) {
        return Math.floorMod(mix(streamIndex(stream), hourIndex(hour)), 200) != 0;
    }

    /** Rows of the hour (0: only canary events, an empty partition). */
    public long rows(String stream, Hour hour) {
        long m = Math.floorMod(mix(streamIndex(stream), hourIndex(hour) + 7), 1000);
        return m < 30 ? 0 : m;
    }

    public String checksum(String stream, Hour hour, String job) {
        String base = Long.toHexString(mix(streamIndex(stream) + 13, hourIndex(hour)));
        return job.equals(newJob) && differs(stream, hour) ? base + "-new" : base;
    }

    /** Whether the new job's output differs from legacy's for this hour (a broken or regressing new job). */
    public boolean differs(String stream, Hour hour) {
        long kind = Math.floorMod(mix(streamIndex(stream), -1), 100);
        return kind < 2 || (kind < 4 && hourIndex(hour) >= regressFrom);
    }
}
