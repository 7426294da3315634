package dev.cutover.controller.plan;

import java.util.List;

/**
 * When the canary evidence is sufficient: the last {@code consecutivePassHours} compared hours are PASS and
 * consecutive, and no compared hour within the last {@code windowHours} hours is FAIL.
 *
 * @param checks the comparison checks the plan asks for (documentation of what PASS means; the worker runs them)
 */
public record CanaryPolicy(int consecutivePassHours, int windowHours, List<String> checks) {

    public static final List<String> KNOWN_CHECKS = List.of("schema", "row_count", "checksum", "keyed_diff");

    public CanaryPolicy {
        checks = List.copyOf(checks);
    }
}
