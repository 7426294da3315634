package dev.cutover.worker.transform.host;

import static dev.cutover.worker.transform.host.HostsRawInput.MINIMAL;
import static dev.cutover.worker.transform.host.HostsRawInput.NT;
import static dev.cutover.worker.transform.host.HostsRawInput.PAGE_DELETE;
import static dev.cutover.worker.transform.host.HostsRawInput.REVISION_CREATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host transforms through the real path: raw JSON-lines hours on disk, {@code ./cutover refine} run in-process
 * ({@link WorkerMain}) with per-stream transform lists, the Hive tables read back. One hour of four streams: every
 * host case of {@code src/test/resources/hosts/} in {@code meta.domain} (page-delete, revision-create) and in
 * {@code webHost} (NavigationTiming), the peer's migrated ({@code meta.domain}) and unmigrated ({@code webHost})
 * EventLogging events of TestTransformFunctions, and a stream with neither column. Job airflow adds columns into
 * {@value #ADDED}; job legacy filters into {@value #FILTERED}, where page-delete has no transform scoped to it.
 */
class HostsRefineIT {

    private static final String ADDED = "it_hosts";
    private static final String FILTERED = "it_hosts_filtered";
    private static final Hour HOUR = Hour.parse("2026-11-23T05");
    private static final String ADDED_TRANSFORMS = "add_normalized_host,add_is_wmf_domain@" + PAGE_DELETE
            + ",add_is_wmf_domain@" + NT + ",add_is_wmf_domain@" + MINIMAL + ",add_normalized_host(null_for_unknown)@"
            + REVISION_CREATE + ",add_is_wmf_domain(null_for_unknown)@" + REVISION_CREATE;
    private static final String FILTER_TRANSFORMS = "filter_allowed_domains@" + NT
            + ",eventlogging_filter_is_allowed_hostname@" + REVISION_CREATE + ",filter_allowed_domains@" + MINIMAL;
    /** The peer's filter_allowed_domains / add_is_wmf_domain events: id -> (host, where it is). */
    private static final List<String[]> PEER_EVENTS = List.of(new String[]{"internal-meta", "test.wikipedia.org", "meta"},
            new String[]{"internal-webhost", "test.wikipedia.org", "webHost"}, new String[]{"null-meta", null, "meta"},
            new String[]{"null-webhost", null, "webHost"}, new String[]{"allowed-meta", "translate.google.com", "meta"},
            new String[]{"allowed-webhost", "translate.google.com", "webHost"},
            new String[]{"unallowed-meta", "invalid.hostname.org", "meta"},
            new String[]{"unallowed-webhost", "invalid.hostname.org", "webHost"});
    /** The peer's (un)migrated legacy m-dot events of its add_normalized_host test. */
    private static final String M_DOT = "en.m.wikipedia.org";

    @TempDir
    static Path dir;
    private static Run added;
    private static Run filtered;

    private record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void refineOneHourOfEveryStreamTwice() throws Exception {
        Path config = HostsRawInput.config(dir);
        Path schemas = HostsRawInput.schemas(dir);
        Path raw = dir.resolve("raw");
        List<ObjectNode> metaDomain = new ArrayList<>();
        List<ObjectNode> legacy = new ArrayList<>();
        for (int i = 0; i < HostCases.normalize().size(); i++) {
            metaDomain.add(HostsRawInput.metaDomain(HOUR, "n-" + i, HostCases.normalize().get(i).host()));
            legacy.add(HostsRawInput.webHost("n-" + i, HostCases.normalize().get(i).host()));
        }
        for (int i = 0; i < HostCases.domains().size(); i++) {
            metaDomain.add(HostsRawInput.metaDomain(HOUR, "d-" + i, HostCases.domains().get(i).host()));
            legacy.add(HostsRawInput.webHost("d-" + i, HostCases.domains().get(i).host()));
        }
        for (String[] e : PEER_EVENTS) {
            if (e[2].equals("meta")) {
                metaDomain.add(HostsRawInput.metaDomain(HOUR, e[0], e[1]));
                legacy.add(HostsRawInput.metaDomain(HOUR, e[0], e[1]));
            } else {
                legacy.add(HostsRawInput.webHost(e[0], e[1]));
            }
        }
        legacy.add(HostsRawInput.metaDomain(HOUR, "mdot-meta", M_DOT));
        legacy.add(HostsRawInput.webHost("mdot-webhost", M_DOT));
        HostsRawInput.hour(raw, "eqiad." + PAGE_DELETE, HOUR, metaDomain);
        HostsRawInput.hour(raw, "codfw." + REVISION_CREATE, HOUR, metaDomain);
        HostsRawInput.hour(raw, NT, HOUR, legacy);
        HostsRawInput.hour(raw, MINIMAL, HOUR, List.of(HostsRawInput.minimal(HOUR), HostsRawInput.minimal(HOUR)));
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS " + ADDED);
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS " + FILTERED);

        added = refine(config, schemas, raw, "airflow", ADDED, ".", ADDED_TRANSFORMS);
        filtered = refine(config, schemas, raw, "legacy", FILTERED, "NavigationTiming|revision-create|page-delete|minimal",
                FILTER_TRANSFORMS);
    }

    private static Run refine(Path config, Path schemas, Path raw, String job, String db, String streams, String transforms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.CLOCK, s -> TestSpark.get());
        int code = WorkerMain.run(new String[]{"refine", "--job", job, "--raw-dir", raw.toString(), "--database", db,
            "--since", HOUR.toString(), "--until", HOUR.next().toString(), "--stream", streams, "--transforms", transforms,
            "--state-dir", dir.resolve("state-" + job).toString(), "--config-source", config.toString(), "--schema-repo",
            schemas.toString()}, ctx);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The hour's rows of {@code db.table}, by {@code coalesce(meta.id, uuid)}. */
    private static Map<String, Row> rows(String db, String table, String... columns) {
        boolean uuid = Arrays.asList(TestSpark.get().table(db + "." + table).columns()).contains("uuid");
        List<String> select = new ArrayList<>(List.of(uuid ? "coalesce(meta.id, uuid)" : "meta.id"));
        select.addAll(List.of(columns));
        Map<String, Row> byId = new HashMap<>();
        for (Row r : Fixtures.hour(db, table, HOUR.toString()).selectExpr(select.toArray(String[]::new)).collectAsList()) {
            assertThat(byId.put(r.getString(0), r)).as("%s.%s: id %s twice", db, table, r.getString(0)).isNull();
        }
        return byId;
    }

    private static List<Object> normalized(Row r, int column) {
        Row h = r.getStruct(column);
        return Arrays.asList(h.getString(0), h.getString(1), h.isNullAt(2) ? null : h.getList(2), h.getString(3),
                h.getString(4));
    }

    private static List<Object> expected(HostCases.Normalize c, NoValue noValue) {
        String none = noValue == NoValue.PLACEHOLDER ? NoValue.DASH : null;
        return Arrays.asList(c.projectFamily().orElse(none), c.project().orElse(none), c.qualifiers(),
                c.tld().orElse(none), c.projectFamily().orElse(none));
    }

    @Test
    void bothRefineRunsCommitEveryStreamOfTheHour() {
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out().lines()).hasSize(4).allMatch(l -> l.contains("\"status\":\"OK\""));
        assertThat(filtered.code()).as(filtered.err()).isZero();
        assertThat(filtered.out().lines()).hasSize(4).allMatch(l -> l.contains("\"status\":\"OK\""));
    }

    @Test
    void normalizedHostOfEveryCaseIsThePeersAfterRefineFromMetaDomain() {
        Map<String, Row> rows = rows(ADDED, "mediawiki_page_delete", "normalized_host");
        List<HostCases.Normalize> cases = HostCases.normalize();
        for (int i = 0; i < cases.size(); i++) {
            assertThat(normalized(rows.get("n-" + i), 1)).as(cases.get(i).toString())
                    .isEqualTo(expected(cases.get(i), NoValue.PLACEHOLDER));
        }
        assertThat(TestSpark.get().table(ADDED + ".mediawiki_page_delete").schema().apply("normalized_host").dataType())
                .isEqualTo(HostTransforms.NORMALIZED_HOST_TYPE);
    }

    @Test
    void normalizedHostOfEveryCaseIsThePeersAfterRefineFromWebHost() {
        Map<String, Row> rows = rows(ADDED, "navigationtiming", "normalized_host");
        List<HostCases.Normalize> cases = HostCases.normalize();
        for (int i = 0; i < cases.size(); i++) {
            assertThat(normalized(rows.get("n-" + i), 1)).as(cases.get(i).toString())
                    .isEqualTo(expected(cases.get(i), NoValue.PLACEHOLDER));
        }
    }

    @Test
    void normalizedHostOfThePeersMigratedAndUnmigratedLegacyEventsIsReadFromMetaDomainOrWebHost() {
        Map<String, Row> rows = rows(ADDED, "navigationtiming", "normalized_host");
        List<Object> mDot = Arrays.asList("wikipedia", "en", List.of("m"), "org", "wikipedia");
        assertThat(List.of("mdot-meta", "mdot-webhost")).extracting(id -> normalized(rows.get(id), 1))
                .containsExactly(mDot, mDot);
        assertThat(TestSpark.get().table(ADDED + ".navigationtiming").schema().apply("normalized_host").dataType())
                .isEqualTo(HostTransforms.NORMALIZED_HOST_TYPE);
    }

    @Test
    void isWmfDomainOfEveryCaseIsThePeersAfterRefineFromMetaDomainAndFromWebHost() {
        for (String table : List.of("mediawiki_page_delete", "navigationtiming")) {
            Map<String, Row> rows = rows(ADDED, table, "is_wmf_domain");
            List<HostCases.Domain> cases = HostCases.domains();
            for (int i = 0; i < cases.size(); i++) {
                assertThat(rows.get("d-" + i).get(1)).as(table + " " + cases.get(i)).isEqualTo(cases.get(i).isWmfDomain());
            }
        }
        // the peer's add_is_wmf_domain test, in its order
        Map<String, Row> peer = rows(ADDED, "navigationtiming", "is_wmf_domain");
        assertThat(Arrays.asList("internal-meta", "internal-webhost", "null-meta", "null-webhost", "unallowed-meta",
                "unallowed-webhost")).extracting(id -> peer.get(id).get(1)).containsExactly(true, true, false, false,
                false, false);
        Map<String, Row> eventPlatform = rows(ADDED, "mediawiki_page_delete", "is_wmf_domain");
        assertThat(Arrays.asList("internal-meta", "null-meta", "allowed-meta", "unallowed-meta"))
                .extracting(id -> eventPlatform.get(id).get(1)).containsExactly(true, false, false, false);
    }

    @Test
    void filterAllowedDomainsKeepsExactlyTheRowsThePeerKeepsReadingMetaDomainOrWebHost() {
        Map<String, Row> rows = rows(FILTERED, "navigationtiming");
        List<HostCases.Domain> cases = HostCases.domains();
        for (int i = 0; i < cases.size(); i++) {
            assertThat(rows.containsKey("d-" + i)).as(cases.get(i).toString()).isEqualTo(cases.get(i).allowed());
        }
        assertThat(PEER_EVENTS).extracting(e -> e[0]).filteredOn(rows::containsKey).containsExactly("internal-meta",
                "internal-webhost", "null-meta", "null-webhost", "allowed-meta", "allowed-webhost");
    }

    @Test
    void theEventLoggingAliasFiltersAStreamLikeFilterAllowedDomains() {
        Map<String, Row> rows = rows(FILTERED, "mediawiki_revision_create");
        List<HostCases.Domain> cases = HostCases.domains();
        for (int i = 0; i < cases.size(); i++) {
            assertThat(rows.containsKey("d-" + i)).as(cases.get(i).toString()).isEqualTo(cases.get(i).allowed());
        }
        assertThat(List.of("internal-meta", "null-meta", "allowed-meta", "unallowed-meta")).filteredOn(rows::containsKey)
                .containsExactly("internal-meta", "null-meta", "allowed-meta");
    }

    @Test
    void nullForUnknownWritesNullInsteadOfThePeersPlaceholdersOnlyInTheStreamItIsScopedTo() {
        Map<String, Row> rows = rows(ADDED, "mediawiki_revision_create", "normalized_host", "is_wmf_domain");
        List<HostCases.Normalize> cases = HostCases.normalize();
        for (int i = 0; i < cases.size(); i++) {
            assertThat(normalized(rows.get("n-" + i), 1)).as(cases.get(i).toString())
                    .isEqualTo(expected(cases.get(i), NoValue.NULL));
        }
        List<HostCases.Domain> domains = HostCases.domains();
        for (int i = 0; i < domains.size(); i++) {
            String host = domains.get(i).host();
            Boolean expected = host == null || host.isBlank() ? null : domains.get(i).isWmfDomain();
            assertThat(rows.get("d-" + i).get(2)).as(domains.get(i).toString()).isEqualTo(expected);
        }
        assertThat(rows(ADDED, "mediawiki_page_delete", "normalized_host.project").values())
                .extracting(r -> r.getString(1)).contains(NoValue.DASH).doesNotContainNull();
    }

    @Test
    void eachStreamGetsOnlyTheTransformsScopedToIt() {
        assertThat(TestSpark.get().table(ADDED + ".mediawiki_revision_create").columns()).contains("normalized_host",
                "is_wmf_domain");
        for (String table : List.of("navigationtiming", "mediawiki_revision_create", "test_hosts_minimal")) {
            assertThat(TestSpark.get().table(FILTERED + "." + table).columns()).as(table)
                    .doesNotContain("normalized_host", "is_wmf_domain");
        }
        assertThat(rows(FILTERED, "mediawiki_revision_create")).hasSizeLessThan(rows(ADDED, "mediawiki_revision_create").size());
    }

    @Test
    void aStreamWithNoTransformScopedToItKeepsEveryRowAndGetsNoHostColumns() {
        assertThat(TestSpark.get().table(FILTERED + ".mediawiki_page_delete").columns())
                .doesNotContain("normalized_host", "is_wmf_domain");
        Map<String, Row> unfiltered = rows(FILTERED, "mediawiki_page_delete");
        assertThat(unfiltered.keySet()).isEqualTo(rows(ADDED, "mediawiki_page_delete").keySet());
        List<HostCases.Domain> cases = HostCases.domains();
        assertThat(cases).filteredOn(c -> !c.allowed()).isNotEmpty();
        for (int i = 0; i < cases.size(); i++) {
            assertThat(unfiltered).as(cases.get(i).toString()).containsKey("d-" + i);
        }
        assertThat(unfiltered).containsKey("unallowed-meta");
    }

    @Test
    void withoutMetaDomainAndWebHostEveryNormalizedHostFieldAndIsWmfDomainAreNullAndTheFilterKeepsEverything() {
        List<Row> rows = Fixtures.hour(ADDED, "test_hosts_minimal", HOUR.toString())
                .select("normalized_host", "is_wmf_domain").collectAsList();
        // as the peer's minimalist-event test: a struct of NULLs (Row(null, null, null, null, null)), not a NULL struct
        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.isNullAt(0)).isFalse();
            assertThat(normalized(r, 0)).containsExactly(null, null, null, null, null);
            assertThat(r.get(1)).isNull();
        });
        assertThat(TestSpark.get().table(ADDED + ".test_hosts_minimal").schema().apply("is_wmf_domain").dataType().sql())
                .isEqualTo("BOOLEAN");
        assertThat(TestSpark.get().table(ADDED + ".test_hosts_minimal").schema().apply("normalized_host").dataType())
                .isEqualTo(HostTransforms.NORMALIZED_HOST_TYPE);
        assertThat(Fixtures.hour(FILTERED, "test_hosts_minimal", HOUR.toString()).count()).isEqualTo(2);
    }
}
