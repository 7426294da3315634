package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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

    @Test
    void replacesEveryCodePointTheWayTheRegexDid() {
        Pattern notAlphanumeric = Pattern.compile("[^a-z0-9]");
        for (String name : List.of("already_lower_1", "Mixed.Case-Name", "\u0130stanbul", "caf\u00e9 au lait",
                "emoji\ud83d\ude00x", "tab\tnew\nline", "__", "9lives", "eventlogging_\u00c4pfel", "\ud83d")) {
            String stripped = name.startsWith("eventlogging_") ? name.substring("eventlogging_".length()) : name;
            String expected = notAlphanumeric.matcher(stripped.toLowerCase(Locale.ROOT)).replaceAll("_");
            expected = Character.isDigit(expected.charAt(0)) ? "_" + expected : expected;
            assertThat(TableNames.find(name)).as(name).contains(expected);
        }
    }
}
