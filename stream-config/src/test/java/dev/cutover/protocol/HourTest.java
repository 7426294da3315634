package dev.cutover.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HourTest {

    @Test
    void parsesAnHourWrittenYyyyMmDdThhAndWritesItBackTheSameWay() {
        Hour hour = Hour.parse("2026-11-22T10");

        assertThat(hour).isEqualTo(Hour.of(2026, 11, 22, 10));
        assertThat(hour.toString()).isEqualTo("2026-11-22T10");
        assertThat(Hour.parse("2028-02-29T23")).isEqualTo(Hour.of(2028, 2, 29, 23));
        assertThat(Hour.parse("0000-01-01T00").toString()).isEqualTo("0000-01-01T00");
        assertThat(Hour.parse("9999-12-31T23").toString()).isEqualTo("9999-12-31T23");
    }

    @Test
    void refusesAYearWithASignOrMoreThanFourDigitsNamingTheInput() {
        // F7: this hour was accepted from a worker report; every reconcile of the stream then threw.
        assertThatThrownBy(() -> Hour.parse("+999999999-12-31T21"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'+999999999-12-31T21'")
                .hasMessageContaining("four-digit year")
                .hasMessageContaining("YYYY-MM-DDTHH");
        for (String text : new String[] {"+2026-11-22T10", "-0001-11-22T10", "12026-11-22T10", "826-11-22T10"}) {
            assertThatThrownBy(() -> Hour.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T05", "2026-11-23T24", "2027-02-29T00", "2026-04-31T00", "2026-13-01T00",
            "2026-00-10T00", "2026-11-00T00"})
    void refusesADayOrHourThatDoesNotExistInsteadOfMovingIt(String text) {
        // F12: these were silently normalised (2026-02-30T05 became 2026-02-28T05, T24 the next day's T00).
        assertThatThrownBy(() -> Hour.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 2026-11-22T10", "2026-11-22T10 ", "2026-11-22t10", "2026-11-22 10", "2026-11-22T1",
            "2026-11-22T10:00", "2026-1-22T10", "yesterday"})
    void refusesAnythingElseThanExactlyYyyyMmDdThh(String text) {
        assertThatThrownBy(() -> Hour.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not an hour")
                .hasMessageContaining("YYYY-MM-DDTHH");
    }

    @Test
    void refusesNullWithTheExpectedForm() {
        assertThatThrownBy(() -> Hour.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("YYYY-MM-DDTHH");
    }

    @Test
    void anHourOutsideTheYearsItsTextCanWriteIsRefusedWithTheRange() {
        assertThatThrownBy(() -> Hour.of(10000, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("+10000-01-01T00").hasMessageContaining("0000").hasMessageContaining("9999");
        assertThatThrownBy(() -> Hour.parse("9999-12-31T23").next()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hour.of(-1, 12, 31, 23)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsFromJsonWithTheSameRules() {
        assertThat(ProtocolJson.read("\"2026-11-22T10\"", Hour.class)).isEqualTo(Hour.of(2026, 11, 22, 10));
        assertThatThrownBy(() -> ProtocolJson.read("\"2026-02-30T05\"", Hour.class)).hasMessageContaining("2026-02-30T05");
        assertThatThrownBy(() -> ProtocolJson.read("\"+999999999-12-31T21\"", Hour.class))
                .hasMessageContaining("+999999999-12-31T21");
    }
}
