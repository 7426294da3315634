package dev.cutover.controller.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LeadershipTest {

    static Stream<Arguments> leaderships() {
        Leadership active = Leadership.STARTING.restoredAs(Role.ACTIVE);
        Leadership standby = Leadership.STARTING.restoredAs(Role.STANDBY);
        return Stream.of(
                arguments("starting", Leadership.STARTING, false, "starting"),
                arguments("a journal restored active", active, true, null),
                arguments("a replica restored as a standby", standby, false, "standby"),
                arguments("an elected standby", standby.activated(), true, null),
                arguments("an active controller that lost the role", active.deactivated(), false, "standby"),
                arguments("a starting controller told to step down", Leadership.STARTING.deactivated(), false,
                        "starting"),
                arguments("elected before its restore", Leadership.STARTING.activated(), true, null));
    }

    @ParameterizedTest(name = "{0}: may write {2}")
    @MethodSource("leaderships")
    void onlyAnActiveRestoredControllerMayWriteAndARefusalSaysWhyAndWhatToDo(String what, Leadership leadership,
                                                                              boolean mayWrite, String refusal) {
        assertThat(leadership.active()).isEqualTo(mayWrite);
        assertThat(leadership.mayWrite()).isEqualTo(mayWrite);
        if (refusal == null) {
            assertThat(leadership.refusal("reports")).isEmpty();
        } else {
            assertThat(leadership.refusal("reports")).hasValueSatisfying(r -> assertThat(r).contains(refusal));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaderships")
    void steppingDownKeepsWhetherTheStateWasRestored(String what, Leadership leadership, boolean mayWrite,
                                                    String refusal) {
        assertThat(leadership.deactivated()).isEqualTo(new Leadership(Role.STANDBY, leadership.restored()));
    }

    @Test
    void aStandbysRefusalNamesTheRequestAndPointsAtTheActiveController() {
        assertThat(Leadership.STARTING.restoredAs(Role.STANDBY).refusal("the accept request")).hasValueSatisfying(
                r -> assertThat(r).contains("send the accept request to the active controller", "GET /ready"));
    }
}
