package dev.cutover.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportJsonTest {

    private static final Hour H = Hour.parse("2026-11-22T10");

    @Test
    void everyActionRoundTripsAsItsOwnType() {
        List<Report> reports = List.of(
                new RefineReport(null, "legacy", "s", H, "event", "s", 1, ReportStatus.OK, null, 5L, 10L, "c1",
                        "fp", 100L),
                new CopyReport("copy/s", "legacy", "s", H, "event", "event_systemd", "s", 2, ReportStatus.OK, null,
                        5L, 10L, "c1", "fp"),
                new DropReport("drop/s", "legacy", "s", H, "event_systemd", "s", 3, ReportStatus.OK, null, 1L, 1),
                new CompareReport("compare/s", "airflow", "s", H, "event_airflow", "event", "s", 1, ReportStatus.OK,
                        null, 7L, Verdict.PASS, CompareDetail.of(Verdict.PASS, List.of())));
        for (Report report : reports) {
            String json = ProtocolJson.write(report);
            assertThat(json).contains("\"action\":\"" + report.action().wireName() + "\"");
            Report back = ProtocolJson.read(json, Report.class);
            assertThat(back).isEqualTo(report);
            assertThat(back.problems()).isEmpty();
        }
    }

    @Test
    void aListOfReportsCarriesEachOnesActionWhateverItsDeclaredType() {
        List<RefineReport> refines = List.of(new RefineReport(null, "legacy", "s", H, "event", "s", 1,
                ReportStatus.OK, null, 5L, 10L, "c1", "fp", 100L));
        String json = ProtocolJson.write(refines);
        assertThat(json).contains("\"action\":\"refine\"");
        assertThat(ProtocolJson.read(json, Report[].class)).containsExactly(refines.get(0));
    }

    @Test
    void readsTheWorkerJsonOfEarlierVersions() {
        String json = "{\"action\":\"compare\",\"job\":\"airflow\",\"stream\":\"s\",\"hour\":\"2026-11-22T10\","
                + "\"database\":\"event_airflow\",\"epoch\":1,\"status\":\"OK\",\"verdict\":\"FAIL\",\"rows\":3,"
                + "\"detail\":{\"verdict\":\"FAIL\",\"schema\":{\"only_left\":[],\"only_right\":[\"parsedcomment\"],"
                + "\"type_mismatch\":[{\"column\":\"x\",\"left\":\"INT\",\"right\":\"BIGINT\"}],\"common\":4},"
                + "\"something_new\":1}}";
        CompareReport report = (CompareReport) ProtocolJson.read(json, Report.class);
        assertThat(report.detail().schema().onlyRight()).containsExactly("parsedcomment");
        assertThat(report.detail().schema().typeMismatch()).extracting(CompareDetail.TypeMismatch::column)
                .containsExactly("x");
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void aKeyedDiffAndSidesWithoutTheRulesFactsStillParseAndSayTheFactsAreUnknown() {
        String json = "{\"verdict\":\"FAIL\",\"left\":{\"database\":\"event_airflow\",\"rows\":3},"
                + "\"right\":{\"database\":\"event\",\"rows\":2},\"diff\":{\"key\":\"meta.id\",\"left_only\":1,"
                + "\"right_only\":0,\"changed\":0,\"column_mismatches\":{},\"sample_ids\":[\"a\"]}}";
        CompareDetail detail = ProtocolJson.read(json, CompareDetail.class);
        assertThat(detail.left().columnNames()).isEmpty();
        assertThat(detail.diff().matchedRows()).isEmpty();
        assertThat(detail.diff().numeric()).isNull();
        assertThat(detail.diff().numericOf("x")).isEmpty();
        assertThat(ProtocolJson.write(detail.diff())).doesNotContain("rows_both").doesNotContain("numeric");
    }

    @Test
    void theRulesFactsAreReadBackAndNumericColumnsMatchCaseInsensitively() {
        String json = "{\"key\":\"meta.id\",\"left_only\":0,\"right_only\":0,\"changed\":1,"
                + "\"column_mismatches\":{\"Ms\":1},\"sample_ids\":[],\"rows_both\":10,"
                + "\"numeric\":{\"Ms\":{\"max_abs\":0.5,\"max_rel\":0.01,\"incomparable\":0}}}";
        CompareDetail.KeyedDiff diff = ProtocolJson.read(json, CompareDetail.KeyedDiff.class);
        assertThat(diff.matchedRows()).contains(10L);
        assertThat(diff.numericOf("ms")).contains(new CompareDetail.NumericDiff(0.5, 0.01, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"7\"", "1.9", "null", "true"})
    void anEpochThatIsNotAnIntegerIsRefused(String epoch) {
        String json = "{\"action\":\"refine\",\"job\":\"legacy\",\"stream\":\"s\",\"hour\":\"2026-11-22T10\","
                + "\"database\":\"event\",\"epoch\":" + epoch + ",\"status\":\"OK\",\"rows\":1,\"checksum\":\"c\"}";
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch");
    }

    @Test
    void aMissingEpochIsRefused() {
        String json = "{\"action\":\"refine\",\"job\":\"legacy\",\"stream\":\"s\",\"hour\":\"2026-11-22T10\","
                + "\"database\":\"event\",\"status\":\"OK\",\"rows\":1,\"checksum\":\"c\"}";
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class)).hasMessageContaining("epoch");
    }

    @Test
    void anUnknownActionIsRefused() {
        assertThatThrownBy(() -> ProtocolJson.read("{\"action\":\"delete\",\"epoch\":1}", Report.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delete");
    }

    @Test
    void problemsListEverythingAReportOfItsKindLacks() {
        RefineReport bare = new RefineReport(null, " ", null, null, "../../x; DROP TABLE y", null, -5,
                ReportStatus.OK, null, null, null, null, null, null);
        assertThat(bare.problems()).containsExactly("stream is required", "hour is required (YYYY-MM-DDTHH)",
                "job is required", "epoch must be a positive integer (got -5)",
                "database '../../x; DROP TABLE y' is not a valid database name",
                "an OK refine report needs rows (>= 0)", "an OK refine report needs the checksum");
        CompareReport compare = new CompareReport(null, "airflow", "s", H, "event_airflow", "event", null, 1,
                ReportStatus.OK, null, null, null, null);
        assertThat(compare.problems()).containsExactly(
                "an OK compare report needs the verdict (PASS, FAIL or NODATA)", "an OK compare report needs its detail");
        CopyReport failed = new CopyReport(null, "legacy", "s", H, "event", "event", null, 1, ReportStatus.FAILED,
                null, null, null, null, null);
        assertThat(failed.problems()).containsExactly("a FAILED report needs the error",
                "a copy needs two different databases (from and database are both 'event')");
    }

    @Test
    void anEpochOfZeroIsNoEpochAnyRouteHas() {
        RefineReport zero = new RefineReport(null, "legacy", "s", H, "event", null, 0, ReportStatus.OK, null, null,
                1L, "c", null, null);
        assertThat(zero.problems()).containsExactly("epoch must be a positive integer (got 0)");
    }

    @Test
    void anOkCompareWhoseDetailSaysNothingIsAProblem() {
        String json = "{\"action\":\"compare\",\"job\":\"airflow\",\"stream\":\"s\",\"hour\":\"2026-11-22T10\","
                + "\"database\":\"event_airflow\",\"from\":\"event\",\"epoch\":1,\"status\":\"OK\","
                + "\"verdict\":\"PASS\",\"detail\":{}}";
        assertThat(ProtocolJson.read(json, Report.class).problems()).containsExactly(
                "an OK compare report's detail must say what the comparison found (its verdict, at least)");
    }

    @Test
    void aVerdictThatContradictsItsDetailIsAProblem() {
        CompareReport report = new CompareReport(null, "airflow", "s", H, "event_airflow", "event", null, 1,
                ReportStatus.OK, null, null, Verdict.PASS, CompareDetail.of(Verdict.FAIL, List.of("rows differ")));
        assertThat(report.problems()).containsExactly("the verdict PASS contradicts its detail's FAIL");
    }
}
