package dev.cutover.worker.transform.useragent;

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
 * {@code parse_user_agent} through the real refine path: raw JSON-lines hours on disk, {@code refine} run in-process
 * with the transform selected per stream, the rows read back from the Hive tables. Covers the peer's
 * {@code TestTransformFunctions} parse_user_agent cases and its {@code UAParser} cases (recognition, app versions, a
 * sample of the most popular agents: {@link PopularAgents}) and spider cases on real agents.
 * <ul>
 *   <li>{@code it_ua}: NavigationTiming (legacy EventLogging: {@code http.request_headers}, the {@code useragent}
 *       struct) and page-create (no agent field), {@code parse_user_agent} selected for both;</li>
 *   <li>{@code it_ua_plain}: page-create with the default transforms, to compare with;</li>
 *   <li>{@code it_ua_web}: the Test Kitchen stream ({@code agent.ua_string} and the header) and NavigationTiming,
 *       {@code parse_user_agent} selected for the Test Kitchen stream only.</li>
 * </ul>
 */
class ParseUserAgentIT {

    static final String HOUR = "2026-11-22T14";
    static final String FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:19.0) Gecko/20100101 Firefox/19.0";
    static final String CHROME = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:19.0) Gecko/20100101 Chrome/134.0.6998.166";
    static final String IPAD_3 = "Mozilla/5.0 (iPad; U; CPU OS 3_2_1 like Mac OS X; en-us) AppleWebKit/531.21.10 (KHTML,"
            + " like Gecko) Mobile/7B405";
    static final String IPAD_7 = "Mozilla/5.0 (iPad; CPU OS 7_0_3 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko)"
            + " Version/7.0 Mobile/11B511 Safari/9537.53";
    static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    static final String TOOL = "MyTool/1.0 (https://example.org/mytool; mytool@example.org)";
    static final String LONG = "Mozilla/5.0 " + "x".repeat(UserAgentParser.MAX_LENGTH);
    private static final String SELECTED = "remove_canary_events,deduplicate,"
            + "parse_user_agent@/^(eventlogging_NavigationTiming|mediawiki\\.page-create)$/,add_normalized_host";

    private static Path schemas;
    private static int legacyRows;
    private static Map<String, Row> legacy;
    private static Map<String, Row> web;
    private static Map<String, Row> unselected;
    private static RefinedHours.Run selected;
    private static RefinedHours.Run plain;
    private static RefinedHours.Run webRun;

    private static ObjectNode withAgent(String id, String agent) {
        ObjectNode e = event(NAVIGATION_TIMING, HOUR, id);
        e.putObject("http").put("client_ip", "81.2.69.160").putObject("request_headers").put("user-agent", agent);
        e.putObject("event").put("isAnon", true);
        return e;
    }

    private static ObjectNode web(String id, String uaString, String header) {
        ObjectNode e = event(WEB_BASE, HOUR, id).put("action", "click");
        ObjectNode agent = e.putObject("agent").put("client_platform", "mediawiki_js");
        if (uaString != null) {
            agent.put("ua_string", uaString);
        }
        if (header != null) {
            e.putObject("http").putObject("request_headers").put("user-agent", header);
        }
        return e;
    }

    @BeforeAll
    static void refine(@TempDir Path dir) {
        schemas = RefinedHours.schemaRepository(dir.resolve("schemas"));
        Path raw = dir.resolve("raw");
        List<ObjectNode> nt = new ArrayList<>(List.of(withAgent("firefox", FIREFOX), withAgent("ipad3", IPAD_3),
                withAgent("ipad7", IPAD_7), withAgent("googlebot", GOOGLEBOT), withAgent("curl", "curl/7.35.0"),
                withAgent("python", "python-requests/2.25.1"), withAgent("tool", TOOL), withAgent("dash", "-"),
                withAgent("empty", ""), withAgent("mediawiki", "MediaWiki/1.42.0-wmf.5"),
                withAgent("app", "WikipediaApp/2.0-r-2015-04-23 (Android 5.0.1; Phone) Google Play"),
                withAgent("long", LONG), withAgent("app-tablet", "WikipediaApp/4.1.2 (iPhone OS 8.3; Tablet)"),
                withAgent("app-bare", "WikipediaApp/2.0-r-2015-04-23")));
        for (int i = 0; i < PopularAgents.SAMPLE.size(); i++) {
            nt.add(withAgent("popular-" + i, PopularAgents.SAMPLE.get(i).agent()));
        }
        ObjectNode preParsed = event(NAVIGATION_TIMING, HOUR, "preparsed");
        preParsed.putObject("useragent").put("browser_family", "PreParsedUserAgent Browser");
        nt.add(preParsed);
        ObjectNode otherHeaders = event(NAVIGATION_TIMING, HOUR, "no-user-agent-header");
        otherHeaders.putObject("http").putObject("request_headers").put("accept-language", "en");
        nt.add(otherHeaders);
        nt.add(event(NAVIGATION_TIMING, HOUR, "no-agent"));
        RefinedHours.writeHour(raw, NAVIGATION_TIMING, HOUR, nt);
        legacyRows = nt.size();
        RefinedHours.writeHour(raw, "eqiad." + WEB_BASE, HOUR, List.of(web("agent-only", CHROME, null),
                web("agent-and-header", CHROME, FIREFOX), web("header-only", null, FIREFOX),
                web("neither", null, null)));
        Fixtures.generate(raw, PAGE_CREATE, HOUR, HOUR, 40, 0.1, 0.1, 0, 14);
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_ua");
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_ua_plain");
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_ua_web");
        String until = "2026-11-22T15";

        selected = RefinedHours.refine(schemas, "--job", "airflow", "--raw-dir", raw.toString(), "--database", "it_ua",
                "--since", HOUR, "--until", until, "--stream", "^(eventlogging_NavigationTiming|mediawiki\\.page-create)$",
                "--transforms", SELECTED, "--state-dir", dir.resolve("state-selected").toString());
        plain = RefinedHours.refine(schemas, "--job", "airflow", "--raw-dir", raw.toString(), "--database", "it_ua_plain",
                "--since", HOUR, "--until", until, "--stream", "^mediawiki\\.page-create$",
                "--state-dir", dir.resolve("state-plain").toString());
        webRun = RefinedHours.refine(schemas, "--job", "airflow", "--raw-dir", raw.toString(), "--database", "it_ua_web",
                "--since", HOUR, "--until", until, "--stream", "^(eventlogging_NavigationTiming|product_metrics\\.web_base)$",
                "--transforms", "remove_canary_events,deduplicate,parse_user_agent@" + WEB_BASE,
                "--state-dir", dir.resolve("state-web").toString());
        legacy = RefinedHours.byId("it_ua", "navigationtiming", HOUR, "user_agent_map", "useragent");
        web = RefinedHours.byId("it_ua_web", "product_metrics_web_base", HOUR, "user_agent_map");
        unselected = RefinedHours.byId("it_ua_web", "navigationtiming", HOUR, "useragent");
    }

    private static Map<String, String> map(String id) {
        return legacy.get(id).getJavaMap(1);
    }

    private static Row struct(String id) {
        return legacy.get(id).getStruct(2);
    }

    @Test
    void everySelectedHourIsRefinedOk() {
        assertThat(selected.code()).as(selected.err()).isZero();
        assertThat(selected.reports()).extracting(r -> r.get("stream").asText() + " " + r.get("status").asText())
                .containsExactlyInAnyOrder(NAVIGATION_TIMING + " OK", PAGE_CREATE + " OK");
        assertThat(selected.report(NAVIGATION_TIMING).get("rows").asLong()).isEqualTo(legacyRows);
        assertThat(legacy).hasSize(legacyRows);
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(webRun.code()).as(webRun.err()).isZero();
        assertThat(webRun.reports()).extracting(r -> r.get("status").asText()).containsExactly("OK", "OK");
    }

    @Test
    void theUserAgentHeaderIsParsedIntoTheMapWithThePeersKeysInItsOrder() {
        // Row.getJavaMap goes through a Scala map (no order): the stored order is checked with map_keys below
        assertThat(map("firefox")).containsOnly(entry("browser_major", "19"), entry("os_family", "Ubuntu"),
                entry("os_minor", "-"), entry("os_major", "-"), entry("wmf_app_version", "-"),
                entry("device_family", "Other"), entry("browser_family", "Firefox"));
        Dataset<Row> table = TestSpark.get().table("it_ua.navigationtiming");
        assertThat(table.schema().apply("user_agent_map").dataType().simpleString()).isEqualTo("map<string,string>");
        assertThat(Fixtures.hour("it_ua", "navigationtiming", HOUR).where("meta.id = 'firefox'")
                .selectExpr("concat_ws(',', map_keys(user_agent_map))").as(Encoders.STRING()).first())
                .isEqualTo(String.join(",", UserAgentParser.KEYS));
    }

    @Test
    void realBrowserAgentsGetThePeersFamiliesAndVersions() {
        assertThat(map("ipad3")).contains(entry("browser_family", "Mobile Safari UI/WKWebView"),
                entry("os_family", "iOS"), entry("os_major", "3"), entry("os_minor", "2"), entry("device_family", "iPad"));
        assertThat(map("ipad7")).contains(entry("browser_family", "Mobile Safari"), entry("browser_major", "7"),
                entry("os_family", "iOS"), entry("device_family", "iPad"));
        assertThat(map("app")).contains(entry("wmf_app_version", "2.0-r-2015-04-23"), entry("os_family", "Android"),
                entry("os_major", "5"), entry("os_minor", "0"), entry("device_family", "Phone"));
    }

    @Test
    void thePeersMostPopularAgentsGetTheMapsItsTestsExpect() {
        for (int i = 0; i < PopularAgents.SAMPLE.size(); i++) {
            PopularAgents.Agent expected = PopularAgents.SAMPLE.get(i);
            assertThat(map("popular-" + i)).as(expected.agent()).containsExactlyInAnyOrderEntriesOf(expected.map());
        }
    }

    @Test
    void theAppVersionIsWhatFollowsWikipediaAppUpToTheFirstSpace() {
        assertThat(map("app")).containsEntry("wmf_app_version", "2.0-r-2015-04-23");
        assertThat(map("app-tablet")).containsEntry("wmf_app_version", "4.1.2");
        assertThat(map("app-bare")).containsEntry("wmf_app_version", "2.0-r-2015-04-23");
        assertThat(map("firefox")).containsEntry("wmf_app_version", "-");
    }

    @Test
    void emptyDashedAndOverlongAgentsGetThePeersPlaceholders() {
        for (String id : List.of("empty", "dash")) {
            assertThat(map(id)).as(id).containsOnly(entry("browser_family", "Other"), entry("browser_major", "-"),
                    entry("os_family", "Other"), entry("os_major", "-"), entry("os_minor", "-"),
                    entry("device_family", "Other"), entry("wmf_app_version", "-"));
        }
        assertThat(map("long").values()).hasSize(7).containsOnly("-");
    }

    @Test
    void botsAndSpidersAreSpiderDevicesOrSpiderAgentsOnOtherDevicesInTheLegacyStruct() {
        assertThat(map("googlebot")).contains(entry("browser_family", "Googlebot"), entry("browser_major", "2"),
                entry("device_family", "Spider"));
        assertThat(map("curl")).contains(entry("browser_family", "curl"), entry("device_family", "Other"));
        assertThat(map("python")).contains(entry("browser_family", "Python Requests"), entry("device_family", "Other"));
        for (String id : List.of("googlebot", "curl", "python", "tool", "dash")) {
            assertThat(struct(id).<Boolean>getAs("is_bot")).as(id).isTrue();
        }
        // "" and an agent too long to parse (device "-") are not bots; nor is MediaWiki's agent, which ua-parser
        // calls a "Generic Feature Phone" (neither Spider nor Other), as in the peer
        for (String id : List.of("firefox", "ipad3", "app", "empty", "long", "mediawiki")) {
            assertThat(struct(id).<Boolean>getAs("is_bot")).as(id).isFalse();
        }
        assertThat(struct("mediawiki").<String>getAs("device_family")).isEqualTo("Generic Feature Phone");
    }

    @Test
    void isMediawikiIsTrueWhenTheAgentContainsMediawikiInAnyCase() {
        assertThat(struct("mediawiki").<Boolean>getAs("is_mediawiki")).isTrue();
        for (String id : List.of("firefox", "googlebot", "curl", "tool", "dash", "empty", "app")) {
            assertThat(struct(id).<Boolean>getAs("is_mediawiki")).as(id).isFalse();
        }
    }

    @Test
    void theLegacyStructIsFilledFromTheMapWithANullBrowserMinor() {
        Row ua = struct("firefox");
        assertThat(ua.schema().simpleString()).isEqualTo("struct<browser_family:string,browser_major:string,"
                + "browser_minor:string,device_family:string,is_bot:boolean,is_mediawiki:boolean,os_family:string,"
                + "os_major:string,os_minor:string,wmf_app_version:string>");
        assertThat(ua.<String>getAs("browser_family")).isEqualTo("Firefox");
        assertThat(ua.<String>getAs("browser_major")).isEqualTo("19");
        assertThat(ua.<String>getAs("browser_minor")).isNull();
        assertThat(ua.<String>getAs("device_family")).isEqualTo("Other");
        assertThat(ua.<String>getAs("os_family")).isEqualTo("Ubuntu");
        assertThat(ua.<String>getAs("os_major")).isEqualTo("-");
        assertThat(ua.<String>getAs("os_minor")).isEqualTo("-");
        assertThat(ua.<String>getAs("wmf_app_version")).isEqualTo("-");
        assertThat(struct("app").<String>getAs("wmf_app_version")).isEqualTo("2.0-r-2015-04-23");
    }

    @Test
    void aPreParsedLegacyStructIsKeptAndRowsWithoutAnAgentHaveNullMapAndStruct() {
        assertThat(legacy.get("preparsed").isNullAt(1)).isTrue();
        assertThat(struct("preparsed").<String>getAs("browser_family")).isEqualTo("PreParsedUserAgent Browser");
        for (String id : List.of("no-user-agent-header", "no-agent")) {
            assertThat(legacy.get(id).isNullAt(1)).as(id + " user_agent_map").isTrue();
            assertThat(legacy.get(id).isNullAt(2)).as(id + " useragent").isTrue();
        }
    }

    @Test
    void agentUaStringIsParsedAndWinsOverTheHeaderAndNoLegacyStructIsAdded() {
        assertThat(web.get("agent-only").<String, String>getJavaMap(1)).containsEntry("browser_family", "Chrome")
                .containsEntry("browser_major", "134");
        assertThat(web.get("agent-and-header").<String, String>getJavaMap(1)).containsEntry("browser_family", "Chrome");
        assertThat(web.get("header-only").<String, String>getJavaMap(1)).containsEntry("browser_family", "Firefox");
        assertThat(web.get("neither").isNullAt(1)).isTrue();
        assertThat(TestSpark.get().table("it_ua_web.product_metrics_web_base").columns()).contains("user_agent_map")
                .doesNotContain("useragent");
    }

    @Test
    void aStreamTheTransformIsNotSelectedForIsNotParsedThoughItHasTheHeader() {
        assertThat(TestSpark.get().table("it_ua_web.navigationtiming").columns()).doesNotContain("user_agent_map");
        assertThat(unselected.get("firefox").isNullAt(1)).as("useragent left as the raw event had it").isTrue();
        assertThat(unselected.get("preparsed").getStruct(1).<String>getAs("browser_family"))
                .isEqualTo("PreParsedUserAgent Browser");
    }

    @Test
    void aSelectedStreamWithoutAnAgentFieldIsRefinedExactlyAsWithoutTheTransform() {
        assertThat(TestSpark.get().table("it_ua.mediawiki_page_create").schema())
                .isEqualTo(TestSpark.get().table("it_ua_plain.mediawiki_page_create").schema());
        for (String field : List.of("rows", "checksum", "schema_fingerprint")) {
            assertThat(selected.report(PAGE_CREATE).get(field)).as(field)
                    .isEqualTo(plain.report(PAGE_CREATE).get(field));
        }
        assertThat(selected.report(PAGE_CREATE).get("rows").asLong()).isPositive();
    }

    @Test
    void evolveOnAnEmptyDatasetAddsTheMapToATableRefinedWithoutIt() {
        RefinedHours.Run evolve = RefinedHours.evolve(schemas, "--stream", NAVIGATION_TIMING, "--database", "it_ua_web",
                "--transforms", "parse_user_agent", "--dry-run");
        assertThat(evolve.code()).as(evolve.err()).isZero();
        assertThat(evolve.json().get("changes")).hasSize(1);
        JsonNode change = evolve.json().get("changes").get(0);
        assertThat(change.get("path").asText() + " " + change.get("kind").asText() + " " + change.get("to").asText())
                .isEqualTo("user_agent_map ADD_COLUMN MAP<STRING, STRING>");
    }

    @Test
    void anEarlierUserAgentMapColumnIsReplacedIgnoringCaseAndMovedLast() {
        String ddl = "User_Agent_Map MAP<STRING, STRING>, meta STRUCT<id: STRING>,"
                + " http STRUCT<request_headers: MAP<STRING, STRING>>";
        Dataset<Row> in = TestSpark.get().read().schema(ddl).json(TestSpark.get().createDataset(List.of(
                "{\"User_Agent_Map\": {\"browser_family\": \"stale\"}, \"http\": {\"request_headers\": {\"user-agent\": \""
                        + FIREFOX + "\"}}}"), Encoders.STRING()));
        Dataset<Row> out = ParseUserAgent.apply(in);
        assertThat(out.columns()).containsExactly("meta", "http", "user_agent_map");
        assertThat(out.selectExpr("user_agent_map.browser_family").as(Encoders.STRING()).collectAsList())
                .containsExactly("Firefox");
    }
}
