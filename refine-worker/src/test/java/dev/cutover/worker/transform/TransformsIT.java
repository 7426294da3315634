package dev.cutover.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.worker.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransformsIT {

    private static final StructType SCHEMA = (StructType) DataType.fromDDL(
            "meta STRUCT<id: STRING, dt: STRING, uri: STRING, domain: STRING>, event STRUCT<a: BIGINT, b: STRING>, webHost STRING");
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.get();
    }

    private static Row row(String id, String dt, String uri, String domain) {
        return Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(
                Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.<Object>asList(id, dt, uri, domain)).toSeq()),
                Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(1L, "x")).toSeq()),
                "en.wikipedia.org")).toSeq());
    }

    private static Row row(String id, String dt, String uri, String domain, long a, String host) {
        return Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(
                Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.<Object>asList(id, dt, uri, domain)).toSeq()),
                Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(a, "x")).toSeq()),
                host)).toSeq());
    }

    private static List<String> dedupKept(Row... rows) {
        return dedupKept(Transforms::deduplicate, rows);
    }

    private static List<String> dedupKept(Transform dedup, Row... rows) {
        return dedup.apply(df(rows))
                .selectExpr("concat_ws('|', coalesce(meta.id, '-'), meta.dt, meta.uri, cast(event.a as string), webHost)")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
    }

    private static Dataset<Row> df(Row... rows) {
        return spark.createDataFrame(List.of(rows), SCHEMA);
    }

    @Test
    void removeCanaryEventsDropsOnlyCanaries() {
        Dataset<Row> out = Transforms.removeCanaryEvents(df(row("1", "t", "u", "canary"), row("2", "t", "u", "en.wikipedia.org"),
                row("3", "t", "u", null)));
        assertThat(out.select("meta.id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactlyInAnyOrder("2", "3");
    }

    @Test
    void deduplicateKeepsTheLatestThenTheGreatestUriAndAllRowsWithoutId() {
        Dataset<Row> out = Transforms.deduplicate(df(row("a", "2026-01-01T00:00:01Z", "u1", "d"),
                row("a", "2026-01-01T00:00:02Z", "u0", "d"), row("b", "t", "u1", "d"), row("b", "t", "u2", "d"),
                row(null, "t", "x", "d"), row(null, "t", "y", "d")));
        List<String> kept = out.selectExpr("concat_ws('|', coalesce(meta.id, '-'), meta.uri)")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(kept).containsExactlyInAnyOrder("a|u0", "b|u2", "-|x", "-|y");
    }

    @Test
    void deduplicateWithDtAsTimestampComparesInstantsNotStringsAndSortsUnparseableOnesLast() {
        // as strings "...:01Z" > "...:01.5Z" (what plain deduplicate compares, as the peer does: DeduplicateIT), but
        // 01.5 s is the later instant
        Transform instants = Transforms.byName("deduplicate", List.of(Deduplicate.DT_AS_TIMESTAMP));
        List<String> kept = dedupKept(instants, row("a", "2026-01-01T00:00:01Z", "u9", "d"),
                row("a", "2026-01-01T00:00:01.5Z", "u1", "d"),
                row("b", "not a time", "u9", "d"), row("b", "2026-01-01T00:00:00Z", "u1", "d"),
                row("c", "2026-01-01T00:00:02.250Z", "u1", "d"), row("c", "2026-01-01T00:00:02.25Z", "u2", "d"));
        assertThat(kept).containsExactly("a|2026-01-01T00:00:01.5Z|u1|1|en.wikipedia.org",
                "b|2026-01-01T00:00:00Z|u1|1|en.wikipedia.org", "c|2026-01-01T00:00:02.25Z|u2|1|en.wikipedia.org");
    }

    @Test
    void deduplicateBreaksExactTiesTheSameWayWhateverTheInputOrder() {
        Row[] ties = {row("a", "2026-01-01T00:00:01Z", "u", "d", 1, "x.org"), row("a", "2026-01-01T00:00:01Z", "u", "d", 2, "x.org"),
                row("a", "2026-01-01T00:00:01Z", "u", "d", 1, "y.org"), row("b", "t", null, "d", 5, "x.org"),
                row("b", "t", null, "d", 6, "x.org")};
        List<String> forward = dedupKept(ties);
        Row[] reversed = new Row[ties.length];
        for (int i = 0; i < ties.length; i++) {
            reversed[i] = ties[ties.length - 1 - i];
        }
        assertThat(forward).hasSize(2);
        assertThat(dedupKept(reversed)).isEqualTo(forward);
        for (int shift = 1; shift < ties.length; shift++) {
            Row[] rotated = new Row[ties.length];
            for (int i = 0; i < ties.length; i++) {
                rotated[i] = ties[(i + shift) % ties.length];
            }
            assertThat(dedupKept(rotated)).as("rotation %d", shift).isEqualTo(forward);
        }
    }

    @Test
    void filterAllowedDomainsKeepsWikisAndRowsWithoutDomain() {
        Dataset<Row> out = Transforms.byName("filter_allowed_domains", List.of()).apply(df(row("1", "t", "u", "en.wikipedia.org"),
                row("2", "t", "u", "evil.example.com"), row("3", "t", "u", null), row("4", "t", "u", "www.wikidata.org")));
        assertThat(out.select("meta.id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrder("1", "3", "4");
    }

    @Test
    void addNormalizedHostParsesProjectQualifiersAndTld() {
        Row host = Transforms.addNormalizedHost(df(row("1", "t", "u", "en.m.wikipedia.org")))
                .select("normalized_host").first().getStruct(0);
        assertThat(host.getString(0)).isEqualTo("wikipedia");
        assertThat(host.getString(1)).isEqualTo("en");
        assertThat(host.getList(2)).containsExactly("m");
        assertThat(host.getString(3)).isEqualTo("org");
        assertThat(host.getString(4)).isEqualTo("wikipedia");
    }

    @Test
    void dropColumnsRemovesTopLevelAndNestedFields() {
        Dataset<Row> out = Transforms.byName("drop_columns", List.of("webHost", "event.b")).apply(df(row("1", "t", "u", "d")));
        assertThat(out.columns()).containsExactly("meta", "event");
        assertThat(((StructType) out.schema().apply("event").dataType()).fieldNames()).containsExactly("a");
    }

    @Test
    void scopedTransformsApplyOnlyToTheirStream() {
        TransformChain chain = TransformChain.parse("drop_columns(webHost)@eventlogging_NavigationTiming");
        assertThat(chain.apply("eventlogging_NavigationTiming", df(row("1", "t", "u", "d"))).columns()).doesNotContain("webHost");
        assertThat(chain.apply("mediawiki.page-create", df(row("1", "t", "u", "d"))).columns()).contains("webHost");
    }
}
