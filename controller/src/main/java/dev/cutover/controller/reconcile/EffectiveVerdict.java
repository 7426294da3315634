package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.VerdictRecord;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.Verdict;

import java.util.Optional;

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
        if (record.verdict() != Verdict.PASS || !policy.checks().contains("schema")) {
            return record.verdict();
        }
        return schema(record).filter(s -> !s.onlyRight().isEmpty() || !s.typeMismatch().isEmpty())
                .map(s -> Verdict.FAIL).orElse(Verdict.PASS);
    }

    /** Why the policy turned a worker PASS into a FAIL, or empty. */
    public static String reason(VerdictRecord record, CanaryPolicy policy) {
        if (of(record, policy) == record.verdict()) {
            return "";
        }
        CompareDetail.SchemaDiff schema = schema(record).orElseThrow();
        return "schema: new job lacks " + schema.onlyRight() + ", type changes " + schema.typeMismatch().stream()
                .map(m -> m.column() + " " + m.right() + " -> " + m.left()).toList();
    }

    private static Optional<CompareDetail.SchemaDiff> schema(VerdictRecord record) {
        return Optional.ofNullable(record.detail()).flatMap(CompareDetail::schemaDiff);
    }
}
