package dev.cutover.streamconfig;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the switch means for one cluster: where the flag lives, the production database, and the two
 * jobs with their shadow databases. Defaults match DESIGN.md ({@code event}, {@code legacy} ->
 * {@code event_systemd}, {@code airflow} -> {@code event_airflow}).
 */
public record CutoverSettings(JsonPointer flagPointer, JsonPointer enabledPointer, DatabaseName productionDatabase,
                              String legacyJob, DatabaseName legacyShadow, String newJob, DatabaseName newShadow) {

    private static final Pattern JOB_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    public static final CutoverSettings DEFAULTS = new CutoverSettings(
            StreamConfig.HIVE_DATABASE, StreamConfig.HIVE_ENABLED, new DatabaseName("event"),
            "legacy", new DatabaseName("event_systemd"), "airflow", new DatabaseName("event_airflow"));

    public CutoverSettings {
        Objects.requireNonNull(flagPointer, "flagPointer");
        Objects.requireNonNull(enabledPointer, "enabledPointer");
        Objects.requireNonNull(productionDatabase, "productionDatabase");
        Objects.requireNonNull(legacyShadow, "legacyShadow");
        Objects.requireNonNull(newShadow, "newShadow");
        List<String> problems = problems(legacyJob, newJob, productionDatabase, legacyShadow, newShadow);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Every problem with these values at once (empty when valid). */
    public static List<String> problems(String legacyJob, String newJob, DatabaseName production,
                                        DatabaseName legacyShadow, DatabaseName newShadow) {
        List<String> problems = new java.util.ArrayList<>();
        for (String job : new String[] {legacyJob, newJob}) {
            if (job == null || !JOB_NAME.matcher(job).matches()) {
                problems.add("job name '" + job + "' is invalid: use lower-case letters, digits, '-' and '_'");
            }
        }
        if (legacyJob != null && legacyJob.equals(newJob)) {
            problems.add("the legacy and the new job must have different names (both are '" + legacyJob + "')");
        }
        if (production != null && (production.equals(legacyShadow) || production.equals(newShadow))) {
            problems.add("the production database '" + production + "' must differ from the shadow databases");
        }
        if (legacyShadow != null && legacyShadow.equals(newShadow)) {
            problems.add("the two jobs need different shadow databases (both are '" + legacyShadow + "')");
        }
        return problems;
    }

    /** The flag values that are allowed: the production database and the new job's shadow database. */
    public List<DatabaseName> allowedFlagValues() {
        return List.of(productionDatabase, newShadow);
    }

    public List<String> jobs() {
        return List.of(legacyJob, newJob);
    }

    public DatabaseName shadowOf(String job) {
        if (job.equals(legacyJob)) {
            return legacyShadow;
        }
        if (job.equals(newJob)) {
            return newShadow;
        }
        throw new IllegalArgumentException("unknown job '" + job + "' (known: " + jobs() + ")");
    }

    /** Databases per job when {@code leader} leads: the leader writes production, the other its shadow. */
    public Map<String, DatabaseName> databasesWhenLeading(String leader) {
        Map<String, DatabaseName> databases = new LinkedHashMap<>();
        databases.put(legacyJob, leader.equals(legacyJob) ? productionDatabase : legacyShadow);
        databases.put(newJob, leader.equals(newJob) ? productionDatabase : newShadow);
        return Map.copyOf(databases);
    }

    public String otherJob(String job) {
        return job.equals(legacyJob) ? newJob : legacyJob;
    }
}
