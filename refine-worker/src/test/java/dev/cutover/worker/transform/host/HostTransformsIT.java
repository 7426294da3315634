package dev.cutover.worker.transform.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.worker.TestSpark;
import dev.cutover.worker.transform.Transforms;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The host transforms on small DataFrames shaped like the peer's test events (TestTransformFunctions): Event
 * Platform events ({@code meta.domain}), legacy EventLogging events ({@code webHost}), events migrating from one to
 * the other (both), and events with neither.
 */
class HostTransformsIT {

    /** TestLegacyEventLoggingMigrationEvent, reduced to the fields the host transforms read (plus an id). */
    private static final StructType MIGRATION = schema("meta STRUCT<id: STRING, dt: STRING, domain: STRING>, uuid STRING,"
            + " webHost STRING, greeting STRING");
    private static final String INTERNAL = "test.wikipedia.org";
    private static final String M_DOT = "en.m.wikipedia.org";
    private static final String ALLOWED_EXTERNAL = "translate.google.com";
    private static final String UNALLOWED_EXTERNAL = "invalid.hostname.org";

    private static StructType schema(String ddl) {
        return (StructType) DataType.fromDDL(ddl);
    }

    /** A migrated event: its domain in {@code meta.domain}, no {@code webHost}. */
    private static Row migrated(String id, String domain) {
        return RowFactory.create(RowFactory.create(id, "2020-04-01T00:00:00Z", domain), null, null, "hello migrated");
    }

    /** An unmigrated legacy event: no {@code meta}, its domain in {@code webHost}. */
    private static Row unmigrated(String id, String webHost) {
        return RowFactory.create(null, id, webHost, "hello unmigrated");
    }

    private static Dataset<Row> df(StructType schema, Row... rows) {
        return TestSpark.get().createDataFrame(Arrays.asList(rows), schema);
    }

    private static List<String> ids(Dataset<Row> ds) {
        return ds.selectExpr("coalesce(meta.id, uuid)").as(Encoders.STRING()).collectAsList();
    }

    private static List<Object> hostValues(Row normalizedHost) {
        return Arrays.asList(normalizedHost.getString(0), normalizedHost.getString(1),
                normalizedHost.isNullAt(2) ? null : normalizedHost.getList(2), normalizedHost.getString(3),
                normalizedHost.getString(4));
    }

    private static List<List<Object>> normalizedHosts(Dataset<Row> ds) {
        return ds.select(HostTransforms.NORMALIZED_HOST).collectAsList().stream().map(r -> hostValues(r.getStruct(0)))
                .toList();
    }

    @Test
    void normalizedHostHasThePeersStructFieldNamesOrderAndTypes() {
        Dataset<Row> out = Transforms.addNormalizedHost(df(MIGRATION, migrated("1", M_DOT)));

        StructType peer = schema("project_class STRING, project STRING, qualifiers ARRAY<STRING>, tld STRING,"
                + " project_family STRING");
        assertThat(out.schema().apply("normalized_host")).isEqualTo(DataTypes.createStructField("normalized_host", peer, true));
    }

    @Test
    void normalizedHostIsParsedFromMetaDomain() {
        Dataset<Row> out = Transforms.addNormalizedHost(df(MIGRATION, migrated("1", M_DOT)));

        assertThat(normalizedHosts(out)).containsExactly(List.of("wikipedia", "en", List.of("m"), "org", "wikipedia"));
    }

    @Test
    void normalizedHostIsParsedFromWebHostForMigratedAndUnmigratedLegacyEvents() {
        Dataset<Row> out = Transforms.addNormalizedHost(df(MIGRATION, migrated("1", M_DOT), unmigrated("2", M_DOT)));

        List<Object> expected = List.of("wikipedia", "en", List.of("m"), "org", "wikipedia");
        assertThat(normalizedHosts(out)).containsExactly(expected, expected);
        StructType legacyOnly = schema("uuid STRING, webHost STRING");
        assertThat(normalizedHosts(Transforms.addNormalizedHost(df(legacyOnly, RowFactory.create("3", M_DOT)))))
                .containsExactly(expected);
    }

    @Test
    void metaDomainIsReadBeforeWebHostAndAnEmptyOneIsNotSkipped() {
        Row both = RowFactory.create(RowFactory.create("1", "t", "en.wikipedia.org"), null, "de.wikipedia.org", "x");
        Row empty = RowFactory.create(RowFactory.create("2", "t", ""), null, "de.wikipedia.org", "x");
        Row nullDomain = RowFactory.create(RowFactory.create("3", "t", null), null, "de.wikipedia.org", "x");

        List<List<Object>> hosts = normalizedHosts(Transforms.addNormalizedHost(df(MIGRATION, both, empty, nullDomain)));

        assertThat(hosts).extracting(h -> h.get(1)).containsExactly("en", "-", "de");
    }

    @Test
    void aMissingHostGetsThePeersDashesAndNoQualifiers() {
        Dataset<Row> out = Transforms.addNormalizedHost(df(MIGRATION, migrated("1", null), unmigrated("2", null),
                migrated("3", "")));

        List<Object> none = List.of("-", "-", List.of(), "-", "-");
        assertThat(normalizedHosts(out)).containsExactly(none, none, none);
    }

    @Test
    void nullForUnknownWritesNullWhereThePeerWritesADash() {
        Dataset<Row> out = HostTransforms.addNormalizedHost(List.of(NoValue.OPTION)).apply(df(MIGRATION,
                migrated("1", null), migrated("2", "www.m.wikipedia.org"), migrated("3", "en.wikipedia.org")));

        assertThat(normalizedHosts(out)).containsExactly(Arrays.asList(null, null, List.of(), null, null),
                Arrays.asList("wikipedia", null, List.of("m"), "org", "wikipedia"),
                Arrays.asList("wikipedia", "en", List.of(), "org", "wikipedia"));
    }

    @Test
    void withoutMetaDomainAndWebHostEveryNormalizedHostFieldAndIsWmfDomainAreNullEvenOnAnEmptyDataset() {
        StructType minimalist = schema("meta STRUCT<dt: STRING, stream: STRING>, dt STRING");
        Dataset<Row> one = df(minimalist, RowFactory.create(RowFactory.create("2020-01-01T00:00:00Z", "mystream"),
                "2020-01-01T00:00:00Z"));

        for (Dataset<Row> input : List.of(one, df(minimalist))) {
            Dataset<Row> out = HostTransforms.addIsWmfDomain(Transforms.addNormalizedHost(input), NoValue.PLACEHOLDER);
            assertThat(out.schema().apply("normalized_host")).isEqualTo(
                    DataTypes.createStructField("normalized_host", HostTransforms.NORMALIZED_HOST_TYPE, true));
            assertThat(out.schema().apply("is_wmf_domain"))
                    .isEqualTo(DataTypes.createStructField("is_wmf_domain", DataTypes.BooleanType, true));
            for (Row r : out.select("normalized_host", "is_wmf_domain").collectAsList()) {
                assertThat(hostValues(r.getStruct(0))).containsExactly(null, null, null, null, null);
                assertThat(r.get(1)).isNull();
            }
        }
    }

    @Test
    void isWmfDomainIsReadFromMetaDomainOrWebHostAndIsFalseForAMissingHost() {
        Dataset<Row> out = HostTransforms.addIsWmfDomain(List.of()).apply(df(MIGRATION, migrated("1", INTERNAL),
                unmigrated("2", INTERNAL), migrated("3", null), unmigrated("4", null), migrated("5", UNALLOWED_EXTERNAL),
                unmigrated("6", UNALLOWED_EXTERNAL)));

        assertThat(out.select("is_wmf_domain").as(Encoders.BOOLEAN()).collectAsList())
                .containsExactly(true, true, false, false, false, false);
    }

    @Test
    void isWmfDomainWithNullForUnknownIsNullOnlyForAMissingHost() {
        Dataset<Row> out = HostTransforms.addIsWmfDomain(List.of(NoValue.OPTION)).apply(df(MIGRATION,
                migrated("1", INTERNAL), migrated("2", null), migrated("3", " "), migrated("4", UNALLOWED_EXTERNAL)));

        assertThat(out.select("is_wmf_domain").collectAsList()).extracting(r -> r.get(0))
                .containsExactly(true, null, null, false);
    }

    @Test
    void filterAllowedDomainsReadsWebHostOfLegacyEvents() {
        StructType legacy = schema("uuid STRING, webHost STRING, ip STRING");
        Dataset<Row> out = Transforms.byName("filter_allowed_domains", List.of()).apply(df(legacy,
                RowFactory.create("1", INTERNAL, "81.2.69.160"), RowFactory.create("1", INTERNAL, "81.2.69.160"),
                RowFactory.create("1", UNALLOWED_EXTERNAL, "81.2.69.160")));

        assertThat(out.select("webHost").as(Encoders.STRING()).collectAsList()).containsExactly(INTERNAL, INTERNAL);
    }

    @Test
    void filterAllowedDomainsKeepsALegacyEventWithANullWebHostOrAnAllowedExternalOne() {
        StructType legacy = schema("uuid STRING, webHost STRING");

        assertThat(Transforms.byName("filter_allowed_domains", List.of())
                .apply(df(legacy, RowFactory.create("1", null), RowFactory.create("2", ALLOWED_EXTERNAL))).count())
                .isEqualTo(2);
    }

    @Test
    void filterAllowedDomainsChangesNothingWithoutMetaDomainAndWebHost() {
        Dataset<Row> noWebHost = df(schema("id STRING"), RowFactory.create("1234"));

        assertThat(Transforms.byName("filter_allowed_domains", List.of()).apply(noWebHost).count()).isEqualTo(1);
    }

    @Test
    void filterAllowedDomainsReadsMetaDomainOrWebHost() {
        Dataset<Row> in = df(MIGRATION, migrated("internal-meta", INTERNAL), unmigrated("internal-webhost", INTERNAL),
                migrated("null-meta", null), unmigrated("null-webhost", null), migrated("allowed-meta", ALLOWED_EXTERNAL),
                unmigrated("allowed-webhost", ALLOWED_EXTERNAL), migrated("unallowed-meta", UNALLOWED_EXTERNAL),
                unmigrated("unallowed-webhost", UNALLOWED_EXTERNAL));

        for (String name : List.of("filter_allowed_domains", "eventlogging_filter_is_allowed_hostname")) {
            assertThat(ids(Transforms.byName(name, List.of()).apply(in))).as(name).containsExactly("internal-meta",
                    "internal-webhost", "null-meta", "null-webhost", "allowed-meta", "allowed-webhost");
        }
    }

    @Test
    void anAllowRegexArgumentReplacesThePeersRuleButStillKeepsRowsWithoutADomain() {
        Dataset<Row> in = df(MIGRATION, migrated("wiki", INTERNAL), unmigrated("other", "example.org"),
                migrated("none", null), migrated("empty", ""));

        assertThat(ids(Transforms.byName("filter_allowed_domains", List.of("\\.example\\.org$|^example\\.org$")).apply(in)))
                .containsExactly("other", "none", "empty");
    }

    @Test
    void theSourceColumnsAreFoundWhateverTheirCaseAsSparkResolvesNames() {
        StructType shouting = schema("META STRUCT<ID: STRING, DOMAIN: STRING>, WEBHOST STRING");
        Dataset<Row> in = df(shouting, RowFactory.create(RowFactory.create("1", null), "en.wikipedia.org"),
                RowFactory.create(RowFactory.create("2", "evil.example"), null));

        Dataset<Row> out = HostTransforms.addIsWmfDomain(Transforms.addNormalizedHost(in), NoValue.PLACEHOLDER);

        assertThat(normalizedHosts(out)).extracting(h -> h.get(1)).containsExactly("en", "-");
        assertThat(out.select("is_wmf_domain").as(Encoders.BOOLEAN()).collectAsList()).containsExactly(true, false);
        assertThat(Transforms.byName("filter_allowed_domains", List.of()).apply(in).count()).isEqualTo(1);
    }

    @Test
    void anExistingColumnIsReplacedNotDuplicated() {
        Dataset<Row> twice = Transforms.addNormalizedHost(HostTransforms.addNormalizedHost(List.of(NoValue.OPTION))
                .apply(df(MIGRATION, migrated("1", "www.wikipedia.org"))));

        assertThat(Arrays.stream(twice.schema().fields()).map(StructField::name).filter("normalized_host"::equals)).hasSize(1);
        assertThat(normalizedHosts(twice)).extracting(h -> h.get(1)).containsExactly("-");
    }
}
