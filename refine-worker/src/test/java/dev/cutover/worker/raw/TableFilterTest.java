package dev.cutover.worker.raw;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableFilterTest {

    private static final String NT = "eventlogging_NavigationTiming";
    private static final String PC = "mediawiki.page-create";

    @Test
    void theIncludeRegexMatchesTheWholeHiveTableNameNotTheStreamName() {
        TableFilter nt = TableFilter.of("navigationtiming", null);
        assertThat(nt.test(NT)).isTrue();
        assertThat(nt.test(PC)).isFalse();
        assertThat(TableFilter.of("navigation", null).test(NT)).as("a full match, as Refine's, not a find").isFalse();
        assertThat(TableFilter.of("NavigationTiming", null).test(NT)).as("the table name, not the stream's")
                .isFalse();
        assertThat(TableFilter.of("mediawiki_page_.*", null).test(PC)).isTrue();
        assertThat(TableFilter.of("^(?:mediawiki_page_create|navigationtiming)$", null).test(PC)).isTrue();
    }

    @Test
    void aTableMatchingBothRegexesIsExcluded() {
        TableFilter filter = TableFilter.of("mediawiki_.*", "mediawiki_page_create");
        assertThat(filter.test(PC)).isFalse();
        assertThat(filter.test("mediawiki.page-delete")).isTrue();
        assertThat(filter.test(NT)).isFalse();
        assertThat(TableFilter.of(null, "navigation").test(NT)).as("exclusion is a full match too").isTrue();
        assertThat(TableFilter.of(null, "navigationtiming").test(NT)).isFalse();
        assertThat(TableFilter.ALL.test(NT)).isTrue();
    }

    @Test
    void aStreamWithoutATableNameIsNeverIncludedByARegex() {
        assertThat(TableFilter.of(".*", null).test("eventlogging_")).isFalse();
        assertThat(TableFilter.of(null, ".*").test("eventlogging_")).isTrue();
    }

    @Test
    void aRegexThatDoesNotCompileNamesTheOption() {
        assertThatThrownBy(() -> TableFilter.of("^(?:a|b$", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--table-include-regex '^(?:a|b$' is not a regular expression");
        assertThatThrownBy(() -> TableFilter.of(null, "[")).hasMessageStartingWith("--table-exclude-regex '['");
    }
}
