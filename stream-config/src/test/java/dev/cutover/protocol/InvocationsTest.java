package dev.cutover.protocol;

import dev.cutover.streamconfig.CutoverSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class InvocationsTest {

    private static final Databases DATABASES = Databases.of(CutoverSettings.DEFAULTS);
    private static final String NT = "eventlogging_NavigationTiming";
    private static final String PC = "mediawiki.page-create";
    private static final String PD = "mediawiki.page-delete";
    private static final Hour H0 = Hour.parse("2026-11-22T00");

    private static Hour h(int n) {
        return H0.plusHours(n);
    }

    /** NT cut over at 02, page-create stays with legacy, page-delete cut over at 01 and rolled back at 03. */
    private static List<RouteTable> tables() {
        return List.of(
                RouteTable.of(NT, Routing.initial("legacy").from(h(2), "airflow", false), DATABASES, List.of()),
                RouteTable.of(PC, Routing.initial("legacy"), DATABASES, List.of()),
                RouteTable.of(PD, Routing.initial("legacy").from(h(1), "airflow", false).from(h(3), "legacy", false),
                        DATABASES, List.of()));
    }

    @Test
    void aCutoverInTheMiddleSplitsTheRangeAtTheCutoverHour() {
        Invocations legacy = Invocations.render("legacy", tables(), h(0), h(4));
        assertThat(legacy.runs()).extracting(Invocation::since, Invocation::until, Invocation::outputDatabase,
                Invocation::tableIncludeRegex).containsExactly(
                tuple(h(0), h(1), "event", "^(?:mediawiki_page_create|mediawiki_page_delete|navigationtiming)$"),
                tuple(h(1), h(2), "event", "^(?:mediawiki_page_create|navigationtiming)$"),
                tuple(h(1), h(2), "event_systemd", "^(?:mediawiki_page_delete)$"),
                tuple(h(2), h(3), "event", "^(?:mediawiki_page_create)$"),
                tuple(h(2), h(3), "event_systemd", "^(?:mediawiki_page_delete|navigationtiming)$"),
                tuple(h(3), h(4), "event", "^(?:mediawiki_page_create|mediawiki_page_delete)$"),
                tuple(h(3), h(4), "event_systemd", "^(?:navigationtiming)$"));
        assertThat(legacy.runs().get(0).streams()).containsExactly(PC, PD, NT);
        assertThat(legacy.held()).isEmpty();

        Invocations airflow = Invocations.render("airflow", tables(), h(0), h(4));
        assertThat(airflow.runs()).extracting(Invocation::since, Invocation::until, Invocation::outputDatabase,
                Invocation::tables).containsExactly(
                tuple(h(0), h(1), "event_airflow", List.of("mediawiki_page_create", "mediawiki_page_delete",
                        "navigationtiming")),
                tuple(h(1), h(2), "event", List.of("mediawiki_page_delete")),
                tuple(h(1), h(2), "event_airflow", List.of("mediawiki_page_create", "navigationtiming")),
                tuple(h(2), h(3), "event", List.of("mediawiki_page_delete", "navigationtiming")),
                tuple(h(2), h(3), "event_airflow", List.of("mediawiki_page_create")),
                tuple(h(3), h(4), "event", List.of("navigationtiming")),
                tuple(h(3), h(4), "event_airflow", List.of("mediawiki_page_create", "mediawiki_page_delete")));
    }

    @Test
    void heldAndDecommissionedHoursAreInNoRunAndListedWithTheirReason() {
        List<RouteTable> tables = List.of(
                RouteTable.of(NT, Routing.initial("legacy").from(h(2), "airflow", false).from(h(5), "airflow", true),
                        DATABASES, List.of(new Hold("legacy", h(2), h(3), "awaiting the preservation copy"))),
                RouteTable.of(PC, Routing.initial("legacy"), DATABASES, List.of()));
        Invocations legacy = Invocations.render("legacy", tables, h(0), h(8));
        assertThat(legacy.held()).containsExactly(
                new HeldHours(NT, "navigationtiming", h(2), h(4), "awaiting the preservation copy"),
                new HeldHours(NT, "navigationtiming", h(5), h(8),
                        "the secondary job has stopped for " + NT + " (decommissioned)"));
        assertThat(legacy.runs()).extracting(Invocation::since, Invocation::until, Invocation::outputDatabase,
                Invocation::tables).containsExactly(
                tuple(h(0), h(2), "event", List.of("mediawiki_page_create", "navigationtiming")),
                tuple(h(2), h(8), "event", List.of("mediawiki_page_create")),
                tuple(h(4), h(5), "event_systemd", List.of("navigationtiming")));
        assertThat(Invocations.render("airflow", tables, h(0), h(8)).runs()).as("the leader keeps writing, split at"
                        + " the decommission's segment").extracting(Invocation::since, Invocation::until,
                        Invocation::outputDatabase, Invocation::tables)
                .containsExactly(
                        tuple(h(0), h(2), "event_airflow", List.of("mediawiki_page_create", "navigationtiming")),
                        tuple(h(2), h(5), "event", List.of("navigationtiming")),
                        tuple(h(2), h(8), "event_airflow", List.of("mediawiki_page_create")),
                        tuple(h(5), h(8), "event", List.of("navigationtiming")));
    }

    @Test
    void streamsSharingATableOrWithoutOneAreHeldForTheWholeRange() {
        List<RouteTable> tables = List.of(
                RouteTable.of("mediawiki.page-create", Routing.initial("legacy"), DATABASES, List.of()),
                RouteTable.of("mediawiki.page_create", Routing.initial("legacy"), DATABASES, List.of()),
                RouteTable.of("eventlogging_", Routing.initial("legacy"), DATABASES, List.of()),
                RouteTable.of(NT, Routing.initial("legacy"), DATABASES, List.of()));
        Invocations legacy = Invocations.render("legacy", tables, h(0), h(3));
        assertThat(legacy.runs()).extracting(Invocation::tables).containsExactly(List.of("navigationtiming"));
        assertThat(legacy.held()).extracting(HeldHours::stream, HeldHours::table, HeldHours::since, HeldHours::until)
                .containsExactly(tuple("eventlogging_", null, h(0), h(3)),
                        tuple("mediawiki.page-create", "mediawiki_page_create", h(0), h(3)),
                        tuple("mediawiki.page_create", "mediawiki_page_create", h(0), h(3)));
        assertThat(legacy.held().get(0).reason()).contains("no usable table name");
        assertThat(legacy.held().get(1).reason()).contains("share the Hive table 'mediawiki_page_create'")
                .contains("rename one of them");
    }

    @Test
    void aRangeThatSelectsNoHourOrTooManyIsRefusedWithTheWayOut() {
        assertThatThrownBy(() -> Invocations.render("legacy", tables(), h(3), h(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from=2026-11-22T03 to=2026-11-22T03 selects no hour: to is exclusive, so the range"
                        + " [2026-11-22T03, 2026-11-22T03) is empty; to render hour 2026-11-22T03 pass"
                        + " to=2026-11-22T04 (or a later hour)");
        assertThatThrownBy(() -> Invocations.render("legacy", tables(), h(4), h(3))).hasMessageContaining(
                "selects no hour");
        assertThat(Invocations.render("legacy", tables(), h(0), h(Invocations.MAX_HOURS)).runs()).isNotEmpty();
        assertThatThrownBy(() -> Invocations.render("legacy", tables(), h(0), h(Invocations.MAX_HOURS + 1)))
                .hasMessage("from=2026-11-22T00 to=2027-11-23T01 spans 8785 hours, more than the 8784 (366 days) one"
                        + " rendering covers; split the range, e.g. from=2026-11-22T00 to=2027-11-23T00 first");
    }

    @Test
    void anUnknownJobOrAStreamTwiceIsRefused() {
        assertThatThrownBy(() -> Invocations.render("cron", tables(), h(0), h(1)))
                .hasMessage("unknown job 'cron': the migration plan's jobs are [legacy, airflow]; ask for one of them");
        List<RouteTable> twice = List.of(tables().get(0), tables().get(0));
        assertThatThrownBy(() -> Invocations.render("legacy", twice, h(0), h(1)))
                .hasMessageContaining("stream '" + NT + "' has two route tables");
    }

    @Test
    void readsBackFromItsJson() {
        Invocations legacy = Invocations.render("legacy", List.of(RouteTable.of(NT, Routing.initial("legacy"),
                DATABASES, List.of(new Hold("legacy", h(1), h(1), "rerun")))), h(0), h(3));
        String json = ProtocolJson.write(legacy);
        assertThat(json).contains("\"runs\":[{\"since\":\"2026-11-22T00\",\"until\":\"2026-11-22T01\","
                + "\"output_database\":\"event\",\"table_include_regex\":\"^(?:navigationtiming)$\","
                + "\"tables\":[\"navigationtiming\"],\"streams\":[\"" + NT + "\"]}")
                .contains("\"held\":[{\"stream\":\"" + NT + "\",\"table\":\"navigationtiming\","
                        + "\"since\":\"2026-11-22T01\",\"until\":\"2026-11-22T02\",\"reason\":\"rerun\"}]");
        assertThat(ProtocolJson.read(json, Invocations.class)).isEqualTo(legacy);
    }
}
