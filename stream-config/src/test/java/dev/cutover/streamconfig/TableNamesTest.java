package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableNamesTest {

    @Test
    void derivesTablesAsRefineDoes() {
        assertThat(TableNames.find("eventlogging_NavigationTiming")).contains("navigationtiming");
        assertThat(TableNames.find("mediawiki.page-create")).contains("mediawiki_page_create");
        assertThat(TableNames.find("2fa.events")).contains("_2fa_events");
        assertThat(TableNames.problem("mediawiki.page-create")).isEmpty();
    }

    @Test
    void saysWhyANameLeavesNoTableAndThrowsThatForCallersThatNeedOne() {
        assertThat(TableNames.find("eventlogging_")).isEmpty();
        assertThat(TableNames.problem("eventlogging_")).hasValueSatisfying(p -> assertThat(p)
                .contains("'eventlogging_'", "no usable table name", "prefix", "rename the stream"));
        assertThat(TableNames.problem("")).hasValueSatisfying(p -> assertThat(p).contains("the name is empty"));
        assertThatThrownBy(() -> TableNames.forStream("eventlogging_")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(TableNames.problem("eventlogging_").orElseThrow());
        assertThatThrownBy(() -> TableNames.quoted("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no usable table name");
    }
}
