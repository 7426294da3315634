package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Commit;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.EvolvePlan;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema half of the preflight: a dry-run schema evolution of the production table against the new
 * job's schema, where only ADD COLUMNS (and added nested fields) is expected.
 * <p>
 * The dry run is the worker's {@code evolve --dry-run}, carried by its compare reports: every compare of
 * (new job's database, legacy's database) includes {@code detail.evolve}, the plan to evolve the right
 * table to the schema the left table holds. Before a cutover the right side is the production database,
 * so the newest such report whose {@code evolve.database} is production is exactly the preflight's dry
 * run: it passes when every change is expected, and blocks with each unexpected change otherwise.
 * <p>
 * Reports without {@code evolve} (workers older than that field) fall back to the schema fingerprints of
 * both jobs' newest commits of one hour and the schema section of that hour's compare detail: equal
 * fingerprints pass; different ones pass only when the detail shows the new job merely adds columns.
 */
public final class Preflight {

    private Preflight() {
    }

    /** Problems that block the cutover on schema grounds (empty = fine). */
    public static List<String> schemaProblems(StreamState state, StreamObservations observed, CutoverSettings s) {
        String stream = state.stream();
        Optional<Map.Entry<Hour, EvolvePlan>> dryRun = newestDryRun(observed, s);
        if (dryRun.isPresent()) {
            return fromDryRun(stream, dryRun.get().getKey(), dryRun.get().getValue());
        }
        for (Map.Entry<Hour, HourObservation> entry : observed.hours().descendingMap().entrySet()) {
            Hour hour = entry.getKey();
            HourObservation obs = entry.getValue();
            Optional<Commit> left = obs.in(state.databaseFor(s.newJob(), hour, s));
            Optional<Commit> right = obs.in(state.databaseFor(s.legacyJob(), hour, s));
            if (left.isEmpty() || right.isEmpty()) {
                continue;
            }
            String newPrint = left.get().schemaFingerprint();
            String legacyPrint = right.get().schemaFingerprint();
            if (newPrint == null || legacyPrint == null || newPrint.equals(legacyPrint)) {
                return List.of();
            }
            return explain(stream, hour, newPrint, legacyPrint, obs.verdict());
        }
        return List.of("stream " + stream + ": no hour committed by both jobs yet, so the new job's schema cannot be"
                + " checked against production; wait for a compared hour or override the preflight");
    }

    /**
     * The preflight's dry run: the newest compared hour whose report carries the worker's plan to evolve the
     * production table ({@code detail.evolve} with the production database), and that plan.
     */
    public static Optional<Map.Entry<Hour, EvolvePlan>> newestDryRun(StreamObservations observed, CutoverSettings s) {
        String production = s.productionDatabase().value();
        for (Map.Entry<Hour, HourObservation> entry : observed.hours().descendingMap().entrySet()) {
            Optional<EvolvePlan> evolve = entry.getValue().verdict().map(VerdictRecord::detail)
                    .flatMap(d -> d == null ? Optional.empty() : d.evolvePlan());
            if (evolve.isPresent() && production.equals(evolve.get().database())) {
                return Optional.of(Map.entry(entry.getKey(), evolve.get()));
            }
        }
        return Optional.empty();
    }

    /** Problems from the worker's dry run ({@code evolve --dry-run} result) of one compared hour. */
    static List<String> fromDryRun(String stream, Hour hour, EvolvePlan evolve) {
        String where = "stream " + stream + " hour " + hour + ": evolve --dry-run of " + evolve.database() + "."
                + evolve.table() + " to the schema of " + (evolve.toSchemaOf() == null ? "the new job"
                : evolve.toSchemaOf()) + ": ";
        List<String> unexpected = evolve.changes().stream().filter(c -> !c.expected()).map(EvolvePlan.Change::toString)
                .toList();
        if (unexpected.isEmpty()) {
            return List.of();
        }
        return List.of(where + "unexpected change(s) " + unexpected + "; only ADD COLUMNS is expected (fix the new"
                + " job, or override the preflight if production may change that way)");
    }

    private static List<String> explain(String stream, Hour hour, String newPrint, String legacyPrint,
                                        Optional<VerdictRecord> verdict) {
        Optional<CompareDetail.SchemaDiff> schema = verdict.map(VerdictRecord::detail)
                .flatMap(d -> d == null ? Optional.empty() : d.schemaDiff());
        String where = "stream " + stream + " hour " + hour + ": ";
        if (schema.isEmpty()) {
            return List.of(where + "schema fingerprints differ (new " + newPrint + ", legacy " + legacyPrint
                    + ") and no compare detail explains the difference; run './cutover evolve --dry-run' and"
                    + " override the preflight if only ADD COLUMNS is needed");
        }
        List<String> problems = new ArrayList<>();
        List<String> missing = schema.get().onlyRight();
        List<String> retyped = schema.get().typeMismatch().stream().map(CompareDetail.TypeMismatch::column).toList();
        if (!missing.isEmpty()) {
            problems.add(where + "the new job's output lacks column(s) " + missing
                    + "; evolving production would drop them (only ADD COLUMNS is expected)");
        }
        if (!retyped.isEmpty()) {
            problems.add(where + "column type(s) differ: " + retyped + " (only ADD COLUMNS is expected)");
        }
        return problems;
    }
}
