package dev.cutover.streamconfig.cli;

import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.streamconfig.SwitchState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of {@code cutover streams}: what the config says about one entry.
 *
 * @param stream    the config key (a stream name or a {@code /regex/})
 * @param table     the Hive table; empty for a regex key (each matching stream has its own table) and for a name
 *                  that leaves no table name (then a problem says so)
 * @param regex     whether the key is a regex
 * @param managed   Hive ingestion enabled (PHP booleans read as PHP does)
 * @param flag      the flag's raw value, if set
 * @param leader    the job that writes production (empty when unmanaged or the flag is invalid)
 * @param databases database per job, legacy job first (empty when unmanaged or invalid)
 * @param problems  one message per problem
 */
record StreamRow(String stream, Optional<String> table, boolean regex, boolean managed, Optional<String> flag,
                 Optional<String> leader, Map<String, String> databases, List<String> problems) {

    /**
     * The row of {@code config} whose switch is {@code state} (read with the whole snapshot, so table collisions are
     * among its problems), with {@code keyProblems} (problems of a regex key itself) after its own.
     */
    static StreamRow of(StreamConfig config, SwitchState state, CutoverSettings settings, List<String> keyProblems) {
        List<String> problems = new java.util.ArrayList<>(state.problems());
        problems.addAll(keyProblems);
        Map<String, String> databases = new LinkedHashMap<>();
        for (String job : settings.jobs()) {
            DatabaseName database = state.databases().get(job);
            if (database != null) {
                databases.put(job, database.value());
            }
        }
        return new StreamRow(config.name(), config.isRegex() ? Optional.empty() : Optional.ofNullable(state.table()),
                config.isRegex(), state.managed(), state.flag(), state.leader(), databases, List.copyOf(problems));
    }
}
