package dev.cutover.controller.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanLoaderTest {

    @TempDir
    Path dir;

    /** Tests run in the module directory; the plans live in the repository's migrations/. */
    private static Path repoMigrations() {
        return Path.of("..", "migrations");
    }

    @Test
    void loadsTheTestClusterPlanWithNavigationTimingFirst() {
        MigrationPlan plan = PlanLoader.load(repoMigrations().resolve("analytics-test-hadoop.yaml"), dir);

        assertThat(plan.cluster()).isEqualTo("analytics-test-hadoop");
        assertThat(plan.order().get(0)).isEqualTo("eventlogging_NavigationTiming");
        assertThat(plan.settings().productionDatabase().value()).isEqualTo("event");
        assertThat(plan.settings().newJob()).isEqualTo("airflow");
        assertThat(plan.settings().newShadow().value()).isEqualTo("event_airflow");
        assertThat(plan.strategy()).isEqualTo(Strategy.INCREMENTAL);
        assertThat(plan.maxConcurrentCutovers()).isEqualTo(2);
        assertThat(plan.canary().consecutivePassHours()).isEqualTo(3);
        assertThat(plan.autoPromote()).isTrue();
        assertThat(plan.autoRollbackFailHours()).isEqualTo(2);
        assertThat(plan.soak()).isEqualTo(Duration.ofHours(24));
        assertThat(plan.writeLease()).isEqualTo(new dev.cutover.protocol.LeasePolicy(Duration.ofMinutes(10),
                Duration.ofMinutes(2)));
        assertThat(plan.overrideLayer()).contains(dir.resolve("overrides.json"));
        assertThat(plan.timeliness()).isEqualTo(new TimelinessPolicy(Optional.of(Duration.ofMinutes(30)),
                Optional.of(Duration.ofHours(3)), Optional.of(1.5), 24));
    }

    @Test
    void loadsTheProductionPlanWithoutAutomatedRollback() {
        MigrationPlan plan = PlanLoader.load(repoMigrations().resolve("analytics-hadoop.yaml"), dir);

        assertThat(plan.order().get(0)).isEqualTo("eventlogging_NavigationTiming");
        assertThat(plan.maxConcurrentCutovers()).isEqualTo(1);
        assertThat(plan.autoRollback()).isFalse();
        assertThat(plan.soak()).isEqualTo(Duration.ofDays(7));
        assertThat(plan.timeliness().windowHours()).as("the ratio's window defaults to canary.window_hours")
                .isEqualTo(72);
    }

    @Test
    void timelinessIsOffWhenAbsentAndEachPartIsOptional() throws IOException {
        Path off = dir.resolve("off.yaml");
        Files.writeString(off, "cluster: x\norder: [a]\ncanary: {window_hours: 48}\n");
        Path slo = dir.resolve("slo.yaml");
        Files.writeString(slo, "cluster: x\norder: [a]\ncanary: {timeliness: {slo: 90m}}\n");

        TimelinessPolicy none = PlanLoader.load(off, dir).timeliness();
        assertThat(none.enabled()).isFalse();
        assertThat(none.windowHours()).isEqualTo(48);
        assertThat(PlanLoader.load(slo, dir).timeliness()).isEqualTo(new TimelinessPolicy(Optional.empty(),
                Optional.of(Duration.ofMinutes(90)), Optional.empty(), 24));
        assertThat(MigrationPlan.defaults(java.util.List.of("a")).timeliness().enabled()).isFalse();
    }

    @Test
    void reportsEveryTimelinessProblemAtOnceWithItsKey() throws IOException {
        Path file = dir.resolve("late.yaml");
        Files.writeString(file, """
                cluster: x
                order: [a]
                canary:
                  timeliness: {margin: soon, slo: 0m, duration_ratio: "fast", window_hours: 0, grace: 5m}
                """);
        Path notAMap = dir.resolve("list.yaml");
        Files.writeString(notAMap, "cluster: x\norder: [a]\ncanary: {timeliness: [30m]}\n");

        assertThatThrownBy(() -> PlanLoader.load(file, dir))
                .isInstanceOf(PlanLoader.InvalidPlanException.class)
                .hasMessageContaining("canary.timeliness.margin: 'soon' is not a duration")
                .hasMessageContaining("canary.timeliness.slo must be longer than zero (got 0m)")
                .hasMessageContaining("canary.timeliness.duration_ratio must be a positive number")
                .hasMessageContaining("canary.timeliness.window_hours must be a positive whole number")
                .hasMessageContaining("unknown key 'canary.timeliness.grace'");
        assertThatThrownBy(() -> PlanLoader.load(notAMap, dir))
                .hasMessageContaining("canary.timeliness: expected a mapping such as {margin: 30m");
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheFileAndKey() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                cluster: x
                production_database: "event; drop"
                jobs:
                  legacy: {name: legacy, shadow_database: event_systemd}
                  new: {name: legacy, shadow_database: event_systemd}
                strategy: big-bang
                max_concurrent_cutovers: 0
                order: [a, a]
                canary: {consecutive_pass_hours: 5, window_hours: 2, checks: [vibes]}
                auto_promote: "yes"
                soak: forever
                colour: blue
                """);

        assertThatThrownBy(() -> PlanLoader.load(file, dir))
                .isInstanceOf(PlanLoader.InvalidPlanException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown key 'colour'")
                .hasMessageContaining("production_database 'event; drop' is not a valid database name")
                .hasMessageContaining("strategy 'big-bang'")
                .hasMessageContaining("max_concurrent_cutovers must be a positive whole number")
                .hasMessageContaining("stream 'a' is listed twice")
                .hasMessageContaining("canary.window_hours (2) must be at least")
                .hasMessageContaining("'vibes' is not one of")
                .hasMessageContaining("auto_promote must be true or false")
                .hasMessageContaining("soak: 'forever' is not a duration");
    }

    @Test
    void rejectsSameJobNamesAndSharedShadowDatabases() throws IOException {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, """
                cluster: x
                jobs:
                  legacy: {name: legacy, shadow_database: event_systemd}
                  new: {name: legacy, shadow_database: event_systemd}
                order: [a]
                """);

        assertThatThrownBy(() -> PlanLoader.load(file, dir)).hasMessageContaining("different names")
                .hasMessageContaining("different shadow databases");
    }

    @Test
    void unreadableYamlIsAClearError() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "cluster: [unclosed");

        assertThatThrownBy(() -> PlanLoader.load(file, dir)).hasMessageContaining("cannot read it as YAML");
    }

    @Test
    void absoluteOverrideLayerPathsAreKept() throws IOException {
        Path file = dir.resolve("abs.yaml");
        Files.writeString(file, "cluster: x\norder: [a]\noverride_layer: /var/lib/cutover/layer.json\n");

        assertThat(PlanLoader.load(file, dir).overrideLayer()).isEqualTo(Optional.of(Path.of("/var/lib/cutover/layer.json")));
    }

    @Test
    void groupsAreReadInTheirMembersOrderAndTakeTheirFirstMembersPlace() throws IOException {
        Path file = dir.resolve("groups.yaml");
        Files.writeString(file, "cluster: x\norder: [a, b, c, d]\ngroups:\n  checkout: [d, b]\n");

        MigrationPlan plan = PlanLoader.load(file, dir);

        assertThat(plan.groups()).containsExactly(new StreamGroup("checkout", List.of("d", "b")));
        assertThat(plan.groupOf("d")).map(StreamGroup::name).contains("checkout");
        assertThat(plan.groupOf("a")).isEmpty();
        assertThat(plan.unitOf("b")).isEqualTo(plan.unitOf("d")).isNotEqualTo(plan.unitOf("c"));
        assertThat(plan.unitRank("d")).isEqualTo(1);
    }

    @Test
    void everyGroupProblemIsReportedWithItsKey() throws IOException {
        Path file = dir.resolve("bad-groups.yaml");
        Files.writeString(file, "cluster: x\norder: [a, b, c]\ngroups:\n  one: [a]\n  two: [a, z]\n"
                + "  three: [b, c]\n  four: [c, a]\n");

        assertThatThrownBy(() -> PlanLoader.load(file, dir)).isInstanceOf(PlanLoader.InvalidPlanException.class)
                .satisfies(e -> assertThat(((PlanLoader.InvalidPlanException) e).problems()).containsExactly(
                        "groups.one: a group is a list of at least two streams (got [\"a\"])",
                        "groups.two: stream 'z' is not in order; list every member in order (the group takes its"
                                + " first member's place)",
                        "groups.four: stream 'c' is already in group 'three'; a stream moves with one group at most"));
    }
}
