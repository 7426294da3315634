package dev.cutover.controller.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.protocol.Verdict;

/**
 * The verdict as the plan's canary policy reads it. The worker's PASS means "same rows and content on the common
 * columns"; when the plan checks {@code schema}, a column the new job lacks ({@code schema.only_right}: present
 * on the legacy side only) or a changed column type ({@code schema.type_mismatch}) makes the hour a FAIL: the new
 * job would lose data in production. Columns only the new job has (ADD COLUMNS) stay a PASS.
 */
public final class EffectiveVerdict {

    private EffectiveVerdict() {
    }

    public static Verdict of(VerdictRecord record, CanaryPolicy policy) {
        if (record.verdict() != Verdict.PASS || !policy.checks().contains("schema") || record.detail() == null) {
            return record.verdict();
        }
        JsonNode schema = record.detail().path("schema");
        boolean lost = nonEmpty(schema.path("only_right"));
        boolean retyped = nonEmpty(schema.path("type_mismatch")) || nonEmpty(schema.path("type_mismatches"));
        return lost || retyped ? Verdict.FAIL : Verdict.PASS;
    }

    /** Why the policy turned a worker PASS into a FAIL, or empty. */
    public static String reason(VerdictRecord record, CanaryPolicy policy) {
        if (of(record, policy) == record.verdict()) {
            return "";
        }
        JsonNode schema = record.detail().path("schema");
        return "schema: new job lacks " + schema.path("only_right") + ", type changes " + schema.path("type_mismatch");
    }

    private static boolean nonEmpty(JsonNode node) {
        return (node.isArray() || node.isObject()) && !node.isEmpty();
    }
}
