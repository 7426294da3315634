package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Phase;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import org.junit.jupiter.api.Test;

import static dev.cutover.controller.reconcile.StreamScenario.h;
import static org.assertj.core.api.Assertions.assertThat;

/** The preflight decides from the worker's evolve dry run carried by its compare reports. */
class PreflightDryRunTest {

    private static final String NAV = "eventlogging_NavigationTiming";
    private final StreamScenario sc = new StreamScenario(NAV);

    private static String evolve(String database, String changes, boolean expected) {
        return "{\"schema\":{\"only_left\":[],\"only_right\":[],\"type_mismatch\":[]},"
                + "\"evolve\":{\"database\":\"" + database + "\",\"table\":\"navigationtiming\",\"exists\":true,"
                + "\"to_schema_of\":\"event_airflow\",\"changes\":" + changes + ",\"ddl\":[],\"expected\":" + expected
                + "}}";
    }

    /** Three hours both jobs committed (different fingerprints), each compared PASS with the given detail. */
    private void passHoursWithDetail(String detail) {
        sc.reconcile(sc.flag(null));
        for (int i = 0; i < 3; i++) {
            sc.refine("legacy", "event", h(i), 1);
            sc.report(WorkAction.REFINE, "airflow", "event_airflow", h(i), 1, null, null, "fp-new");
            sc.report(WorkAction.COMPARE, "airflow", null, h(i), 1, Verdict.PASS, detail, null);
        }
    }

    @Test
    void onlyExpectedChangesInTheDryRunOfProductionPassThePreflight() {
        passHoursWithDetail(evolve("event",
                "[{\"path\":\"normalized_host\",\"kind\":\"ADD_COLUMN\",\"from\":null,\"to\":\"STRUCT<...>\","
                        + "\"expected\":true},"
                        + "{\"path\":\"meta.stream\",\"kind\":\"ADD_NESTED_FIELD\",\"from\":null,\"to\":\"STRING\","
                        + "\"expected\":true}]", true));

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.CUTOVER);
    }

    @Test
    void anUnexpectedChangeInTheDryRunBlocksWithEachChangeNamed() {
        passHoursWithDetail(evolve("event",
                "[{\"path\":\"normalized_host\",\"kind\":\"ADD_COLUMN\",\"from\":null,\"to\":\"STRING\",\"expected\":true},"
                        + "{\"path\":\"event.connectEnd\",\"kind\":\"CHANGE_TYPE\",\"from\":\"BIGINT\",\"to\":\"STRING\","
                        + "\"expected\":false}]", false));

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.BLOCKED);
        assertThat(sc.state().problems()).anySatisfy(p -> assertThat(p)
                .contains("hour 2026-11-22T02: evolve --dry-run of event.navigationtiming to the schema of event_airflow")
                .contains("event.connectEnd CHANGE_TYPE (BIGINT -> STRING)")
                .doesNotContain("normalized_host"));
    }

    @Test
    void theDryRunDecidesEvenWhenTheCompareSchemaSectionLooksHarmless() {
        // The schema section shows nothing missing, but the dry run of production says a field would be lost.
        passHoursWithDetail(evolve("event",
                "[{\"path\":\"meta.domain\",\"kind\":\"MISSING_FIELD\",\"from\":\"STRING\",\"to\":null,"
                        + "\"expected\":false}]", false));

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.BLOCKED);
        assertThat(sc.state().problems()).anyMatch(p -> p.contains("meta.domain MISSING_FIELD"));
    }

    @Test
    void aDryRunAgainstAnotherDatabaseIsNotThePreflightsDryRun() {
        // An evolve section of a compare whose right side is not production (e.g. after a cutover) is ignored;
        // the fallback then reads the schema section: here a dropped column.
        passHoursWithDetail("{\"schema\":{\"only_left\":[],\"only_right\":[\"useragent\"]},"
                + "\"evolve\":{\"database\":\"event_systemd\",\"table\":\"navigationtiming\",\"changes\":[],"
                + "\"expected\":true}}");

        sc.reconcile(sc.flag("event"));

        assertThat(sc.state().phase()).isEqualTo(Phase.BLOCKED);
        assertThat(sc.state().problems()).anyMatch(p -> p.contains("lacks column(s) [useragent]"));
    }
}
