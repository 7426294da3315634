package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The databases of a migration plan: {@code production} for the leader, and each job's name with its shadow
 * database. Names are checked like any configured database name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Databases(@JsonProperty("production") String production,
                        @JsonProperty("jobs") Map<String, String> jobs) {

    public Databases {
        Objects.requireNonNull(production, "databases.production");
        if (jobs == null || jobs.isEmpty()) {
            throw new IllegalArgumentException("databases.jobs names no job");
        }
        new DatabaseName(production);
        jobs.forEach((job, shadow) -> new DatabaseName(Objects.requireNonNull(shadow, "the shadow of " + job)));
        jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
    }

    /** The last settings asked about and their databases (a plan has one: routing asks for them per hour). */
    private record Memo(CutoverSettings settings, Databases databases) {
    }

    private static volatile Memo last;

    /** The databases of a plan's settings (the same settings give the same value, computed once). */
    public static Databases of(CutoverSettings settings) {
        Memo memo = last;
        if (memo != null && memo.settings() == settings) {
            return memo.databases();
        }
        Databases databases = compute(settings);
        last = new Memo(settings, databases);
        return databases;
    }

    private static Databases compute(CutoverSettings settings) {
        Map<String, String> jobs = new LinkedHashMap<>();
        for (String job : settings.jobs()) {
            jobs.put(job, settings.shadowOf(job).value());
        }
        return new Databases(settings.productionDatabase().value(), jobs);
    }

    public boolean knows(String job) {
        return jobs.containsKey(job);
    }

    public Optional<String> shadowOf(String job) {
        return Optional.ofNullable(jobs.get(job));
    }
}
