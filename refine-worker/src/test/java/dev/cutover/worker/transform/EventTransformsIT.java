package dev.cutover.worker.transform;

import static dev.cutover.worker.transform.RefinedHours.NAVIGATION_TIMING;
import static dev.cutover.worker.transform.RefinedHours.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.transform.geo.TestGeoDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's bundle {@code event_transforms} through the real refine path: one raw NavigationTiming hour (a duplicate,
 * a canary event, an address and an agent), {@code refine --transforms event_transforms --geoip-db FILE} run
 * in-process, the table read back: every transform of the bundle ran, in the peer's order.
 */
class EventTransformsIT {

    private static final String HOUR = "2026-11-22T18";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Safari/537.36";

    private static ObjectNode visit(String id, String domain) {
        ObjectNode e = event(NAVIGATION_TIMING, HOUR, id);
        ((ObjectNode) e.get("meta")).put("domain", domain);
        e.putObject("http").put("client_ip", TestGeoDatabases.LONDON).putObject("request_headers")
                .put("user-agent", CHROME);
        return e;
    }

    @Test
    void theBundleAppliesThePeersSixEventTransforms(@TempDir Path dir) {
        Path schemas = RefinedHours.schemaRepository(dir.resolve("schemas"));
        Path raw = dir.resolve("raw");
        RefinedHours.writeHour(raw, NAVIGATION_TIMING, HOUR, List.of(visit("a", "en.m.wikipedia.org"),
                visit("a", "en.m.wikipedia.org"), visit("b", "example.org"), visit("c", "canary")));
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_event_transforms");

        RefinedHours.Run run = RefinedHours.refine(schemas, "--job", "airflow", "--raw-dir", raw.toString(),
                "--database", "it_event_transforms", "--since", HOUR, "--until", "2026-11-22T19", "--stream",
                "^eventlogging_NavigationTiming$", "--state-dir", dir.resolve("state").toString(),
                "--transforms", "event_transforms", "--geoip-db", TestGeoDatabases.city(dir).toString());

        assertThat(run.code()).as(run.err()).isZero();
        Map<String, Row> rows = RefinedHours.byId("it_event_transforms", "navigationtiming", HOUR,
                "geocoded_data['city']", "user_agent_map['browser_family']", "is_wmf_domain",
                "normalized_host.project", "normalized_host.qualifiers");
        assertThat(rows).containsOnlyKeys("a", "b"); // deduplicated; the canary event removed
        Row a = rows.get("a");
        assertThat(a.getString(1)).isEqualTo("London");
        assertThat(a.getString(2)).isEqualTo("Chrome");
        assertThat(a.getBoolean(3)).isTrue();
        assertThat(a.getString(4)).isEqualTo("en");
        assertThat(a.getList(5)).containsExactly("m");
        assertThat(rows.get("b").getBoolean(3)).isFalse();
    }

    @Test
    void theBundleWithoutAGeoIpDatabaseIsBadUsageBeforeAnythingRuns(@TempDir Path dir) {
        Path schemas = RefinedHours.schemaRepository(dir.resolve("schemas"));
        RefinedHours.Run run = RefinedHours.refine(schemas, "--job", "airflow", "--raw-dir", dir.resolve("raw").toString(),
                "--database", "it_event_transforms", "--state-dir", dir.resolve("state").toString(),
                "--transforms", "event_transforms");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--geoip-db FILE");
    }
}
