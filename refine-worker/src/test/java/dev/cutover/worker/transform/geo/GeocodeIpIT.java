package dev.cutover.worker.transform.geo;

import static dev.cutover.worker.transform.RefinedHours.NAVIGATION_TIMING;
import static dev.cutover.worker.transform.RefinedHours.PAGE_CREATE;
import static dev.cutover.worker.transform.RefinedHours.WEB_BASE;
import static dev.cutover.worker.transform.RefinedHours.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.transform.RefinedHours;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code geocode_ip} through the real refine path: raw JSON-lines hours on disk, {@code refine} run in-process with
 * the transform selected per stream, the rows read back from the Hive tables. The GeoIP2 City database is the one
 * the tests build ({@link TestGeoDatabases}, written by {@link MmdbWriter}); the peer's tests look up MaxMind's test
 * address 81.2.69.160 (London), which it holds. Covers the peer's {@code TestTransformFunctions} geocode_ip cases
 * and its {@code TestMaxMindGeocode} ones.
 * <ul>
 *   <li>{@code it_geo}: NavigationTiming (legacy EventLogging: {@code http.client_ip} and the legacy {@code ip}) and
 *       page-create (no address field), geocode_ip selected for both, the database given by {@code --geoip-db};</li>
 *   <li>{@code it_geo_plain}: page-create with the default transforms, to compare with;</li>
 *   <li>{@code it_geo_arg}: the Test Kitchen stream ({@code http.client_ip}, no legacy {@code ip}) and
 *       NavigationTiming, geocode_ip selected for the Test Kitchen stream only, the database as its argument.</li>
 * </ul>
 */
class GeocodeIpIT {

    static final String HOUR = "2026-11-22T15";
    private static final String LONDON = TestGeoDatabases.LONDON;

    private static Path schemas;
    private static Path raw;
    private static Path database;
    private static RefinedHours.Run selected;
    private static RefinedHours.Run plain;
    private static RefinedHours.Run argument;
    private static Map<String, Row> legacy;

    private static ObjectNode withClientIp(String id, String clientIp) {
        ObjectNode e = event(NAVIGATION_TIMING, HOUR, id);
        e.putObject("http").put("client_ip", clientIp);
        e.putObject("event").put("isAnon", true);
        return e;
    }

    @BeforeAll
    static void refine(@TempDir Path dir) {
        database = TestGeoDatabases.city(dir);
        schemas = RefinedHours.schemaRepository(dir.resolve("schemas"));
        raw = dir.resolve("raw");
        List<ObjectNode> nt = new ArrayList<>(List.of(withClientIp("london", LONDON),
                withClientIp("mapped", "::ffff:" + LONDON), withClientIp("tokyo", TestGeoDatabases.TOKYO_V6),
                withClientIp("dash", "-"), withClientIp("private", TestGeoDatabases.PRIVATE_IN_DATABASE),
                withClientIp("internal", "10.64.0.1"), withClientIp("wikimedia", TestGeoDatabases.WIKIMEDIA_AMSTERDAM),
                withClientIp("absent", "8.8.8.8"), withClientIp("hostname", "en.wikipedia.org")));
        nt.add(withClientIp("tokyo-over-ip", TestGeoDatabases.TOKYO_V6).put("ip", LONDON));
        nt.add(event(NAVIGATION_TIMING, HOUR, "legacy-ip").put("ip", LONDON));
        nt.add(event(NAVIGATION_TIMING, HOUR, "no-address"));
        RefinedHours.writeHour(raw, NAVIGATION_TIMING, HOUR, nt);
        ObjectNode webLondon = event(WEB_BASE, HOUR, "london");
        webLondon.putObject("http").put("client_ip", LONDON);
        RefinedHours.writeHour(raw, "eqiad." + WEB_BASE, HOUR, List.of(webLondon, event(WEB_BASE, HOUR, "no-address")));
        Fixtures.generate(raw, PAGE_CREATE, HOUR, HOUR, 40, 0.1, 0.1, 0, 15);
        for (String db : List.of("it_geo", "it_geo_plain", "it_geo_arg")) {
            TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS " + db);
        }

        selected = refine(dir, "it_geo", "^(eventlogging_NavigationTiming|mediawiki\\.page-create)$",
                "--transforms", "remove_canary_events,deduplicate,"
                        + "geocode_ip@/^(eventlogging_NavigationTiming|mediawiki\\.page-create)$/,add_normalized_host",
                "--geoip-db", database.toString());
        plain = refine(dir, "it_geo_plain", "^mediawiki\\.page-create$");
        argument = refine(dir, "it_geo_arg", "^(eventlogging_NavigationTiming|product_metrics\\.web_base)$",
                "--transforms", "remove_canary_events,deduplicate,geocode_ip(" + database + ")@" + WEB_BASE);
        legacy = RefinedHours.byId("it_geo", "navigationtiming", HOUR, "geocoded_data", "ip");
    }

    private static RefinedHours.Run refine(Path dir, String db, String streams, String... more) {
        List<String> args = new ArrayList<>(List.of("--job", "airflow", "--raw-dir", raw.toString(), "--database", db,
                "--since", HOUR, "--until", "2026-11-22T16", "--stream", streams, "--state-dir",
                dir.resolve("state-" + db).toString()));
        args.addAll(List.of(more));
        return RefinedHours.refine(schemas, args.toArray(String[]::new));
    }

    private static Map<String, String> place(String id) {
        return legacy.get(id).getJavaMap(1);
    }

    private static String ip(String id) {
        return legacy.get(id).getString(2);
    }

    @Test
    void everySelectedHourIsRefinedOk() {
        assertThat(selected.code()).as(selected.err()).isZero();
        assertThat(selected.reports()).extracting(r -> r.get("stream").asText() + " " + r.get("status").asText())
                .containsExactlyInAnyOrder(NAVIGATION_TIMING + " OK", PAGE_CREATE + " OK");
        assertThat(selected.report(NAVIGATION_TIMING).get("rows").asLong()).isEqualTo(12);
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(argument.code()).as(argument.err()).isZero();
        assertThat(argument.reports()).extracting(r -> r.get("status").asText()).containsExactly("OK", "OK");
    }

    @Test
    void httpClientIpIsGeocodedIntoThePeersSevenKeysInItsOrder() {
        // Row.getJavaMap goes through a Scala map (no order): the stored order is checked with map_keys below
        assertThat(place("london")).containsOnly(entry("continent", "Europe"), entry("country_code", "GB"),
                entry("country", "United Kingdom"), entry("subdivision", "England"), entry("city", "London"),
                entry("timezone", "Europe/London"), entry("subdivision_code", "ENG"));
        assertThat(place("london")).doesNotContainKeys("postal_code", "latitude", "longitude");
        assertThat(TestSpark.get().table("it_geo.navigationtiming").schema().apply("geocoded_data").dataType()
                .simpleString()).isEqualTo("map<string,string>");
        assertThat(Fixtures.hour("it_geo", "navigationtiming", HOUR).where("meta.id = 'london'")
                .selectExpr("concat_ws(',', map_keys(geocoded_data))").as(Encoders.STRING()).first())
                .isEqualTo(String.join(",", Geocoder.KEYS));
    }

    @Test
    void anIpv4MappedIpv6AddressIsItsIpv4AddressAndAnIpv6AddressIsLookedUp() {
        assertThat(place("mapped")).isEqualTo(place("london"));
        assertThat(place("tokyo")).containsOnly(entry("continent", "Asia"), entry("country_code", "JP"),
                entry("country", "Japan"), entry("subdivision", "Unknown"), entry("subdivision_code", "--"),
                entry("city", "Unknown"), entry("timezone", "Asia/Tokyo"));
    }

    @Test
    void httpClientIpComesFirstAndFillsANullLegacyIpButNotASetOne() {
        assertThat(ip("london")).isEqualTo(LONDON);
        assertThat(ip("mapped")).isEqualTo("::ffff:" + LONDON);
        assertThat(place("tokyo-over-ip")).containsEntry("country", "Japan");
        assertThat(ip("tokyo-over-ip")).isEqualTo(LONDON);
    }

    @Test
    void theLegacyIpAloneIsGeocodedAndLeftAsItWas() {
        assertThat(place("legacy-ip")).isEqualTo(place("london"));
        assertThat(ip("legacy-ip")).isEqualTo(LONDON);
    }

    @Test
    void unknownPrivateInternalAndMalformedAddressesGetTheUnknownPlace() {
        for (String id : List.of("dash", "private", "internal", "wikimedia", "absent", "hostname")) {
            assertThat(place(id)).as(id).containsOnly(entry("continent", "Unknown"), entry("country_code", "--"),
                    entry("country", "Unknown"), entry("subdivision", "Unknown"), entry("subdivision_code", "--"),
                    entry("city", "Unknown"), entry("timezone", "Unknown"));
        }
        assertThat(ip("dash")).isEqualTo("-");
    }

    @Test
    void aRowWithoutAnyAddressHasANullMapAndANullLegacyIp() {
        assertThat(legacy.get("no-address").isNullAt(1)).isTrue();
        assertThat(legacy.get("no-address").isNullAt(2)).isTrue();
    }

    @Test
    void theDatabaseAsTheTransformsArgumentGeocodesAndNoLegacyIpColumnIsAdded() {
        Map<String, Row> web = RefinedHours.byId("it_geo_arg", "product_metrics_web_base", HOUR, "geocoded_data");
        assertThat(web.get("london").<String, String>getJavaMap(1)).containsEntry("city", "London")
                .containsEntry("country_code", "GB");
        assertThat(web.get("no-address").isNullAt(1)).isTrue();
        assertThat(TestSpark.get().table("it_geo_arg.product_metrics_web_base").columns()).contains("geocoded_data")
                .doesNotContain("ip");
    }

    @Test
    void aStreamTheTransformIsNotSelectedForIsNotGeocodedThoughItHasTheAddresses() {
        assertThat(TestSpark.get().table("it_geo_arg.navigationtiming").columns()).doesNotContain("geocoded_data");
        Map<String, Row> unselected = RefinedHours.byId("it_geo_arg", "navigationtiming", HOUR, "ip");
        assertThat(unselected.get("london").isNullAt(1)).as("the legacy ip is not filled either").isTrue();
        assertThat(unselected.get("legacy-ip").getString(1)).isEqualTo(LONDON);
    }

    @Test
    void aSelectedStreamWithoutAnAddressFieldIsRefinedExactlyAsWithoutTheTransform() {
        assertThat(TestSpark.get().table("it_geo.mediawiki_page_create").schema())
                .isEqualTo(TestSpark.get().table("it_geo_plain.mediawiki_page_create").schema());
        for (String field : List.of("rows", "checksum", "schema_fingerprint")) {
            assertThat(selected.report(PAGE_CREATE).get(field)).as(field)
                    .isEqualTo(plain.report(PAGE_CREATE).get(field));
        }
        assertThat(selected.report(PAGE_CREATE).get("rows").asLong()).isPositive();
    }

    @Test
    void aSelectedGeocodeIpWithoutADatabaseIsBadUsageNamingTheFlagAndTheVariable(@TempDir Path state) {
        RefinedHours.Run run = RefinedHours.refine(schemas, "--job", "airflow", "--raw-dir", raw.toString(),
                "--database", "it_geo", "--transforms", "deduplicate,geocode_ip@" + NAVIGATION_TIMING, "--state-dir",
                state.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("transforms of job airflow").contains("--geoip-db FILE")
                .contains("CUTOVER_GEOIP_DB");
    }

    @Test
    void evolveOnAnEmptyDatasetAddsTheMapToATableRefinedWithoutIt() {
        RefinedHours.Run evolve = RefinedHours.evolve(schemas, "--stream", NAVIGATION_TIMING, "--database", "it_geo_arg",
                "--transforms", "remove_canary_events,deduplicate,geocode_ip", "--geoip-db", database.toString(),
                "--dry-run");
        assertThat(evolve.code()).as(evolve.err()).isZero();
        assertThat(evolve.json().get("changes")).hasSize(1);
        JsonNode change = evolve.json().get("changes").get(0);
        assertThat(change.get("path").asText() + " " + change.get("kind").asText() + " " + change.get("to").asText())
                .isEqualTo("geocoded_data ADD_COLUMN MAP<STRING, STRING>");
    }

    @Test
    void anEarlierGeocodedDataColumnIsReplacedIgnoringCaseAndMovedLast() {
        String ddl = "GEOCODED_DATA MAP<STRING, STRING>, meta STRUCT<id: STRING>, http STRUCT<client_ip: STRING>";
        Dataset<Row> in = TestSpark.get().read().schema(ddl).json(TestSpark.get().createDataset(List.of(
                "{\"GEOCODED_DATA\": {\"city\": \"stale\"}, \"http\": {\"client_ip\": \"" + LONDON + "\"}}"),
                Encoders.STRING()));
        Dataset<Row> out = GeocodeIp.apply(in, GeoDatabases.check(database));
        assertThat(out.columns()).containsExactly("meta", "http", "geocoded_data");
        assertThat(out.selectExpr("geocoded_data.city").as(Encoders.STRING()).collectAsList()).containsExactly("London");
    }
}
