package dev.cutover.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm lint --strict} on each chart: warnings fail too. */
class ChartLintTest {

    @ParameterizedTest
    @ValueSource(strings = {"cutover-controller", "refine-worker"})
    void lintPassesStrictly(String chart) {
        LintResult result = new Helm(Charts.chart(chart)).lint().strict().call();

        assertThat(result.isFailed()).as("lint of %s: %s", chart, result.getMessages()).isFalse();
        assertThat(result.getMessages()).as("lint of %s", chart)
                .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }
}
