package dev.cutover.streamconfig;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one version of the override layer comes from, as its hash chain says: its {@link #head}, the heads it
 * verifiably descends from, and what is wrong with the chain when it does not verify.
 *
 * @param head      the layer's head (for a layer whose chain does not verify: a hash over all its content)
 * @param ancestors the heads this version descends from, oldest first, the head itself last: the layer before its
 *                  first hashed write, then every hashed write. Only the head for a layer without hashes or with a
 *                  broken chain
 * @param problem   why the chain does not verify (a history rewritten or content edited outside the tools)
 */
public record OverrideLineage(OverrideHead head, List<OverrideHead> ancestors, Optional<String> problem) {

    public OverrideLineage {
        Objects.requireNonNull(head, "head");
        ancestors = List.copyOf(ancestors);
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * Whether this layer is {@code recorded} or a later version of it, so that acting on it loses nothing the
     * recorded version said:
     * <ul>
     *   <li>a layer whose chain does not verify only when it is exactly the recorded head (an audited accept of
     *       it);</li>
     *   <li>anything descends from revision 0 (the empty layer);</li>
     *   <li>a head recorded without a hash (before layers had hashes): by revision only;</li>
     *   <li>otherwise when the recorded head is among the {@link #ancestors}: an older copy, a copy written to
     *       after it was restored (a fork: same revision, other history) and a different layer are not.</li>
     * </ul>
     */
    public boolean descendsFrom(OverrideHead recorded) {
        if (problem.isPresent()) {
            return head.equals(recorded);
        }
        if (recorded.revision() == 0) {
            return true;
        }
        if (recorded.hash().isEmpty()) {
            return head.revision() >= recorded.revision();
        }
        return ancestors.contains(recorded);
    }
}
