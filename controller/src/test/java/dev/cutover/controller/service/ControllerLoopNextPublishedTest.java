package dev.cutover.controller.service;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.streamconfig.source.SourceStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerLoopNextPublishedTest {

    private static final ControllerState INITIAL = ControllerState.initial(MigrationPlan.defaults(List.of()),
            new SourceStatus(SourceStatus.State.ERROR, Optional.empty(), Optional.empty(), Optional.empty()));

    private final ControllerLoop loop = new ControllerLoop(INITIAL, Clock.systemUTC(), "test-loop");

    @Test
    void aFutureTakenBeforeAPublishCompletesWithTheStatePublished() {
        CompletableFuture<ControllerState> first = loop.nextPublished();
        CompletableFuture<ControllerState> second = loop.nextPublished();
        ControllerState next = INITIAL.withRouteLog("journal test");

        loop.publisher().accept(next);

        assertThat(first).isCompletedWithValue(next);
        assertThat(second).isCompletedWithValue(next);
        assertThat(loop.view()).isSameAs(next);
    }

    @Test
    void aFutureTakenAfterAPublishWaitsForTheNextOne() {
        loop.publisher().accept(INITIAL.withRouteLog("first"));

        CompletableFuture<ControllerState> later = loop.nextPublished();

        assertThat(later).isNotDone();
        ControllerState second = INITIAL.withRouteLog("second");
        loop.publisher().accept(second);
        assertThat(later).isCompletedWithValue(second);
    }
}
