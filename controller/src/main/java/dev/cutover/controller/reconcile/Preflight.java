package dev.cutover.controller.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.model.Commit;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.model.Hour;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema half of the preflight. The worker has no {@code evolve --dry-run} work action in the contract,
 * so the controller decides from what the workers report: the schema fingerprints of both jobs' newest commits
 * of the same hour, and the schema section of the newest compare detail. Equal fingerprints pass. Different
 * fingerprints pass only when the compare detail shows that the new job merely <em>adds</em> columns (the
 * only evolution DESIGN.md expects: ADD COLUMNS); missing or retyped columns, or no detail that explains the
 * difference, fail with the reason.
 */
public final class Preflight {

    private Preflight() {
    }

    /** Problems that block the cutover on schema grounds (empty = fine). */
    public static List<String> schemaProblems(StreamState state, StreamObservations observed, CutoverSettings s) {
        String stream = state.stream();
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

    private static List<String> explain(String stream, Hour hour, String newPrint, String legacyPrint,
                                        Optional<VerdictRecord> verdict) {
        JsonNode schema = verdict.map(VerdictRecord::detail).map(d -> d.path("schema")).orElse(null);
        String where = "stream " + stream + " hour " + hour + ": ";
        if (schema == null || schema.isMissingNode() || !schema.isObject()) {
            return List.of(where + "schema fingerprints differ (new " + newPrint + ", legacy " + legacyPrint
                    + ") and no compare detail explains the difference; run './cutover evolve --dry-run' and"
                    + " override the preflight if only ADD COLUMNS is needed");
        }
        List<String> problems = new ArrayList<>();
        List<String> missing = names(schema.path("only_right"));
        List<String> retyped = names(schema.has("type_mismatch") ? schema.path("type_mismatch")
                : schema.path("type_mismatches"));
        if (!missing.isEmpty()) {
            problems.add(where + "the new job's output lacks column(s) " + missing
                    + "; evolving production would drop them (only ADD COLUMNS is expected)");
        }
        if (!retyped.isEmpty()) {
            problems.add(where + "column type(s) differ: " + retyped + " (only ADD COLUMNS is expected)");
        }
        return problems;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> names.add(n.isTextual() ? n.textValue()
                    : n.path("column").asText(n.path("name").asText(n.toString()))));
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }
}
