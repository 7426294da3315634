package dev.cutover.controller.model;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the reports say about one (stream, hour): the commit per database and the last verdict. */
public record HourObservation(Map<String, Commit> byDatabase, Optional<VerdictRecord> verdict) {

    public static final HourObservation EMPTY = new HourObservation(Map.of(), Optional.empty());

    public HourObservation {
        byDatabase = Map.copyOf(byDatabase);
    }

    public Optional<Commit> in(String database) {
        return database == null ? Optional.empty() : Optional.ofNullable(byDatabase.get(database));
    }

    /**
     * When {@code job}'s commit of this hour in {@code database} landed ({@link Commit#landedAt()}); empty when the
     * database holds no commit of that job (none, or another job's).
     */
    public Optional<Instant> landing(String job, String database) {
        return in(database).filter(c -> c.job().equals(job)).flatMap(Commit::landing);
    }

    /** Whether {@code job} committed this hour anywhere. */
    public boolean touchedBy(String job) {
        return byDatabase.values().stream().anyMatch(c -> c.job().equals(job));
    }

    /** The verdict, if it was given after both compared commits (a newer commit makes it stale). */
    public Optional<VerdictRecord> freshVerdict(String left, String right) {
        long newest = Math.max(in(left).map(Commit::seq).orElse(Long.MAX_VALUE),
                in(right).map(Commit::seq).orElse(Long.MAX_VALUE));
        return verdict.filter(v -> v.seq() > newest);
    }
}
