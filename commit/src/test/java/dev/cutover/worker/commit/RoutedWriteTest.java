package dev.cutover.worker.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.Databases;
import dev.cutover.worker.commit.RoutedWrite.Copy;
import dev.cutover.worker.commit.RoutedWrite.Decision;
import dev.cutover.worker.commit.RoutedWrite.Held;
import dev.cutover.worker.commit.RoutedWrite.Refine;
import dev.cutover.worker.commit.RoutedWrite.Wait;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The routed write's decision table: an hour the controller never heard of (lost reports, the controller down)
 * can hold the new job's output in production and legacy's in its shadow when the flag is reverted (I3).
 */
class RoutedWriteTest {

    private static final Databases DBS = new Databases("event",
            Map.of("legacy", "event_systemd", "airflow", "event_airflow"));
    private static final Held AIRFLOW_PROD = new Held("airflow", 2, "a1");
    private static final Held LEGACY_SHADOW = new Held("legacy", 2, "l1");

    private final Map<String, Held> storage = new HashMap<>();
    private Set<String> stopped = Set.of();

    private Decision decide(String job, String database) {
        return RoutedWrite.decide(job, database, DBS, db -> Optional.ofNullable(storage.get(db)),
                j -> !stopped.contains(j));
    }

    @Test
    void afterARollbackLegacyWaitsWhileTheNewJobsProductionOutputIsNotPreserved() {
        storage.put("event", AIRFLOW_PROD);
        storage.put("event_systemd", LEGACY_SHADOW);

        assertThat(decide("legacy", "event")).isInstanceOfSatisfying(Wait.class, w -> assertThat(w.reason())
                .contains("event holds airflow's output of the hour (epoch 2), not yet preserved in event_airflow"));
    }

    @Test
    void afterARollbackTheNewJobPreservesItsProductionOutputByACopyIntoItsShadow() {
        storage.put("event", AIRFLOW_PROD);

        assertThat(decide("airflow", "event_airflow")).isEqualTo(new Copy("event"));
        storage.put("event_airflow", new Held("airflow", 3, "a1"));
        assertThat(decide("airflow", "event_airflow")).as("preserved: a new raw input is refined again")
                .isEqualTo(new Refine());
    }

    @Test
    void onceItIsPreservedLegacyRestoresProductionByACopyOfItsShadowNotARecompute() {
        storage.put("event", AIRFLOW_PROD);
        storage.put("event_airflow", new Held("airflow", 3, "a1"));
        storage.put("event_systemd", LEGACY_SHADOW);

        assertThat(decide("legacy", "event")).isEqualTo(new Copy("event_systemd"));
    }

    @Test
    void aShadowHoldingOtherContentIsNoPreservation() {
        storage.put("event", AIRFLOW_PROD);
        storage.put("event_airflow", new Held("airflow", 1, "older"));
        storage.put("event_systemd", LEGACY_SHADOW);

        assertThat(decide("legacy", "event")).isInstanceOf(Wait.class);
    }

    @Test
    void withNothingToCopyLegacyRefinesOnceTheNewJobsOutputIsPreserved() {
        storage.put("event", AIRFLOW_PROD);
        storage.put("event_airflow", new Held("airflow", 3, "a1"));

        assertThat(decide("legacy", "event")).isEqualTo(new Refine());
    }

    @Test
    void anEmptyOrOwnProductionHourIsRefinedOrRestoredFromTheOwnShadow() {
        assertThat(decide("legacy", "event")).isEqualTo(new Refine());
        storage.put("event", new Held("legacy", 1, "l0"));
        assertThat(decide("legacy", "event")).isEqualTo(new Refine());
        storage.put("event_systemd", LEGACY_SHADOW);
        assertThat(decide("legacy", "event")).isEqualTo(new Copy("event_systemd"));
    }

    @Test
    void aShadowWriteRefinesUnlessProductionHoldsTheJobsOwnOutput() {
        storage.put("event", new Held("legacy", 1, "l0"));
        assertThat(decide("airflow", "event_airflow")).isEqualTo(new Refine());
        assertThat(decide("legacy", "event_systemd")).as("cutover: legacy's output is preserved by a copy")
                .isEqualTo(new Copy("event"));
    }

    @Test
    void aStoppedJobsOutputIsNotWaitedFor() {
        storage.put("event", new Held("legacy", 1, "l0"));
        stopped = Set.of("legacy");

        assertThat(decide("airflow", "event")).isEqualTo(new Refine());
    }

    private Optional<String> hold(String job, String database) {
        return RoutedWrite.productionHold(job, database, DBS, db -> Optional.ofNullable(storage.get(db)),
                j -> !stopped.contains(j));
    }

    /**
     * A work item's write follows the same rule (found by the simulation: the controller, down for hours, never
     * heard of the new job's production output of an hour, and its rollback listed legacy's restore copy over it).
     */
    @Test
    void aWorkItemsWriteIntoProductionWaitsWhileTheOtherJobsOutputThereIsNotPreserved() {
        storage.put("event", AIRFLOW_PROD);
        storage.put("event_systemd", LEGACY_SHADOW);

        assertThat(hold("legacy", "event")).hasValueSatisfying(r -> assertThat(r)
                .contains("event holds airflow's output of the hour (epoch 2), not yet preserved in event_airflow"));
        assertThat(hold("legacy", "event_systemd")).as("a shadow database is nobody else's").isEmpty();
        assertThat(hold("airflow", "event")).as("its own output").isEmpty();

        storage.put("event_airflow", new Held("airflow", 3, "a1"));
        assertThat(hold("legacy", "event")).as("preserved").isEmpty();
    }

    @Test
    void aStoppedJobsProductionOutputIsNotWaitedFor() {
        storage.put("event", new Held("legacy", 1, "l0"));
        assertThat(hold("airflow", "event")).as("legacy keeps a shadow: preserved first").isPresent();

        stopped = Set.of("legacy");
        assertThat(hold("airflow", "event")).as("decommissioned: its output is not kept").isEmpty();
    }
}
