package dev.cutover.controller.plan;

import dev.cutover.protocol.LeasePolicy;
import dev.cutover.streamconfig.CutoverSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One cluster's migration plan ({@code migrations/<cluster>.yaml}): databases and jobs, the order in which
 * streams are promoted, the canary policy, automation switches and the writable override layer.
 *
 * @param order               streams in promotion order; the auto-promoter only promotes these
 * @param autoRollbackFailHours FAIL hours after a cutover that trigger an automated rollback; 0 = off
 * @param overrideLayer       the writable config layer file; empty = the config source is read-only
 * @param groups              streams that move together ({@link StreamGroup})
 * @param writeLease          the workers' write leases and the margin a routing change waits out before its new
 *                            epoch's writes switch ({@code write_lease}; see {@link LeasePolicy})
 * @param timeliness          whether the new job keeps up ({@code canary.timeliness}); off by default
 * @param compareRules        the expected differences the controller's judgement of each verdict allows
 *                            ({@code compare_rules}; see {@link ComparisonRules})
 */
public record MigrationPlan(String cluster, CutoverSettings settings, List<String> order, Strategy strategy,
                            int maxConcurrentCutovers, CanaryPolicy canary, boolean autoPromote,
                            int autoRollbackFailHours, Duration soak, Optional<Path> overrideLayer,
                            LeasePolicy writeLease, List<StreamGroup> groups, TimelinessPolicy timeliness,
                            ComparisonRules compareRules) {

    public MigrationPlan {
        order = PlanOrder.of(order);
        writeLease = writeLease == null ? LeasePolicy.DEFAULT : writeLease;
        groups = groups == null ? List.of() : List.copyOf(groups);
        timeliness = timeliness == null ? TimelinessPolicy.off(canary == null ? 24 : canary.windowHours()) : timeliness;
        compareRules = compareRules == null ? ComparisonRules.NONE : compareRules;
    }

    /** A plan without comparison rules. */
    public MigrationPlan(String cluster, CutoverSettings settings, List<String> order, Strategy strategy,
                         int maxConcurrentCutovers, CanaryPolicy canary, boolean autoPromote,
                         int autoRollbackFailHours, Duration soak, Optional<Path> overrideLayer,
                         LeasePolicy writeLease, List<StreamGroup> groups, TimelinessPolicy timeliness) {
        this(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote, autoRollbackFailHours,
                soak, overrideLayer, writeLease, groups, timeliness, null);
    }

    /** A plan without timeliness checks. */
    public MigrationPlan(String cluster, CutoverSettings settings, List<String> order, Strategy strategy,
                         int maxConcurrentCutovers, CanaryPolicy canary, boolean autoPromote,
                         int autoRollbackFailHours, Duration soak, Optional<Path> overrideLayer,
                         LeasePolicy writeLease, List<StreamGroup> groups) {
        this(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote, autoRollbackFailHours,
                soak, overrideLayer, writeLease, groups, null);
    }

    /** A plan without stream groups or timeliness checks. */
    public MigrationPlan(String cluster, CutoverSettings settings, List<String> order, Strategy strategy,
                         int maxConcurrentCutovers, CanaryPolicy canary, boolean autoPromote,
                         int autoRollbackFailHours, Duration soak, Optional<Path> overrideLayer,
                         LeasePolicy writeLease) {
        this(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote, autoRollbackFailHours,
                soak, overrideLayer, writeLease, List.of(), null);
    }

    /** A plan with the default write leases. */
    public MigrationPlan(String cluster, CutoverSettings settings, List<String> order, Strategy strategy,
                         int maxConcurrentCutovers, CanaryPolicy canary, boolean autoPromote,
                         int autoRollbackFailHours, Duration soak, Optional<Path> overrideLayer) {
        this(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote, autoRollbackFailHours,
                soak, overrideLayer, LeasePolicy.DEFAULT, List.of(), null);
    }

    /** A plan for tests and the embedded defaults: DESIGN.md databases, everything automatic. */
    public static MigrationPlan defaults(List<String> order) {
        return new MigrationPlan("default", CutoverSettings.DEFAULTS, order, Strategy.INCREMENTAL, 1,
                new CanaryPolicy(3, 24, CanaryPolicy.KNOWN_CHECKS), true, 0, Duration.ofHours(72), Optional.empty());
    }

    /** Position in the promotion order; streams not listed come last. */
    public int rank(String stream) {
        int index = order.indexOf(stream);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    public boolean lists(String stream) {
        return order.contains(stream);
    }

    public boolean autoRollback() {
        return autoRollbackFailHours > 0;
    }

    public MigrationPlan withOverrideLayer(Optional<Path> layer) {
        return new MigrationPlan(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote,
                autoRollbackFailHours, soak, layer, writeLease, groups, timeliness, compareRules);
    }

    public MigrationPlan withCanary(CanaryPolicy policy) {
        return new MigrationPlan(cluster, settings, order, strategy, maxConcurrentCutovers, policy, autoPromote,
                autoRollbackFailHours, soak, overrideLayer, writeLease, groups, timeliness, compareRules);
    }

    public MigrationPlan withAutomation(boolean promote, int rollbackFailHours, Duration soakPeriod) {
        return new MigrationPlan(cluster, settings, order, strategy, maxConcurrentCutovers, canary, promote,
                rollbackFailHours, soakPeriod, overrideLayer, writeLease, groups, timeliness, compareRules);
    }

    public MigrationPlan withConcurrency(Strategy newStrategy, int max) {
        return new MigrationPlan(cluster, settings, order, newStrategy, max, canary, autoPromote,
                autoRollbackFailHours, soak, overrideLayer, writeLease, groups, timeliness, compareRules);
    }

    public MigrationPlan withGroups(List<StreamGroup> newGroups) {
        return new MigrationPlan(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote,
                autoRollbackFailHours, soak, overrideLayer, writeLease, newGroups, timeliness, compareRules);
    }

    /** The group {@code stream} belongs to, if any. */
    public Optional<StreamGroup> groupOf(String stream) {
        for (StreamGroup group : groups) {
            if (group.members().contains(stream)) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    /**
     * What takes one cutover slot and one place in the promotion order: the stream's group ({@code group:NAME}),
     * or the stream itself.
     */
    public String unitOf(String stream) {
        return groupOf(stream).map(g -> "group:" + g.name()).orElse(stream);
    }

    /** The stream's place in the promotion order; a group member's is its group's first member's. */
    public int unitRank(String stream) {
        return groupOf(stream).map(g -> g.members().stream().mapToInt(this::rank).min().orElse(Integer.MAX_VALUE))
                .orElseGet(() -> rank(stream));
    }

    public MigrationPlan withWriteLease(LeasePolicy leases) {
        return new MigrationPlan(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote,
                autoRollbackFailHours, soak, overrideLayer, leases, groups, timeliness, compareRules);
    }

    public MigrationPlan withTimeliness(TimelinessPolicy policy) {
        return new MigrationPlan(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote,
                autoRollbackFailHours, soak, overrideLayer, writeLease, groups, policy, compareRules);
    }

    public MigrationPlan withCompareRules(ComparisonRules rules) {
        return new MigrationPlan(cluster, settings, order, strategy, maxConcurrentCutovers, canary, autoPromote,
                autoRollbackFailHours, soak, overrideLayer, writeLease, groups, timeliness, rules);
    }

    /** The comparison rules {@code stream}'s verdicts are judged under. */
    public StreamRules rulesFor(String stream) {
        return compareRules.forStream(stream);
    }
}
