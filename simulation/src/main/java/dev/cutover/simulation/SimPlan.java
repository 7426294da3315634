package dev.cutover.simulation;

import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.PlanLoader;
import dev.cutover.controller.plan.Strategy;
import dev.cutover.streamconfig.CutoverSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The simulation's migration plan, and its temporary state directory. */
final class SimPlan {

    private SimPlan() {
    }

    /**
     * The default plan (10 concurrent cutovers, 3 PASS hours in a 24-hour window, auto-promote, auto-rollback after 2
     * FAIL hours, 24 h soak) or the given plan's settings and policies, ordering every simulated stream (the plan's
     * own order first), with an override layer in the state directory.
     */
    static MigrationPlan of(SimOptions options, List<String> streams, Path stateDir) {
        MigrationPlan base = options.plan().map(p -> PlanLoader.load(p, stateDir))
                .orElseGet(() -> new MigrationPlan("simulation", CutoverSettings.DEFAULTS, List.of(),
                        Strategy.INCREMENTAL, 10, new CanaryPolicy(3, 24, CanaryPolicy.KNOWN_CHECKS), true, 2,
                        Duration.ofHours(24), Optional.empty()));
        List<String> order = new ArrayList<>(base.order().stream().filter(streams::contains).toList());
        streams.stream().filter(s -> !order.contains(s)).forEach(order::add);
        return new MigrationPlan(base.cluster(), base.settings(), order, base.strategy(), base.maxConcurrentCutovers(),
                base.canary(), base.autoPromote(), base.autoRollbackFailHours(), base.soak(),
                Optional.of(stateDir.resolve("overrides.json")), base.writeLease(),
                base.groups().stream().filter(g -> streams.containsAll(g.members())).toList(), base.timeliness(),
                base.compareRules());
    }

    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
