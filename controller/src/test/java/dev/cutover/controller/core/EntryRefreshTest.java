package dev.cutover.controller.core;

import static dev.cutover.controller.core.CoreFixtures.DELETE;
import static dev.cutover.controller.core.CoreFixtures.NAV;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.Verdict;
import org.junit.jupiter.api.Test;

/** Reports derive only their hours of a stream's entry again; the entry is what deriving it from scratch gives. */
class EntryRefreshTest {

    @Test
    void anEntryRefreshedByReportsEqualsTheEntryDerivedFromScratch() {
        ControllerState state = CoreFixtures.active(CoreFixtures.plan(), CoreFixtures.twoStreams());
        for (int round = 1; round <= 3; round++) {
            state = CoreFixtures.canaryHours(state, NAV, 2 * round, round == 2 ? Verdict.FAIL : Verdict.PASS);
            state = CoreFixtures.canaryHours(state, DELETE, round, Verdict.PASS);
            for (String stream : new String[] {NAV, DELETE}) {
                StreamEntry kept = state.entry(stream).orElseThrow();
                StreamEntry scratch = StreamEntry.of(kept.state(), state.observed(stream), state.settings(),
                        kept.published());
                assertThat(kept.plans().observed()).isSameAs(state.observed(stream));
                assertThat(kept.work()).isEqualTo(scratch.work());
                assertThat(kept.table()).isEqualTo(scratch.table());
                assertThat(kept.plans()).isEqualTo(scratch.plans());
            }
        }
    }
}
