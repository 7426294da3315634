package dev.cutover.controller.service;

import dev.cutover.controller.core.Reconciliation;
import dev.cutover.controller.core.Trigger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The coalescing queue of streams waiting to be reconciled. */
class ReconcileQueueTest {

    private static List<Reconciliation> drain(ReconcileQueue queue) {
        List<Reconciliation> handedOut = new ArrayList<>();
        for (Optional<Reconciliation> next = queue.next(); next.isPresent(); next = queue.next()) {
            handedOut.add(next.get());
        }
        return handedOut;
    }

    @Test
    void aStreamRequestedAgainWhileItWaitsIsReconciledOnceWithTheFirstTrigger() {
        ReconcileQueue queue = new ReconcileQueue();

        queue.request(List.of("a"), Trigger.CONFIG_CHANGE);
        queue.request(List.of("a"), Trigger.REPORT);
        queue.request(List.of("a"), Trigger.RESYNC);

        assertThat(queue.pendingCount()).isEqualTo(1);
        assertThat(queue.coalescedRequests()).isEqualTo(2);
        assertThat(drain(queue)).containsExactly(new Reconciliation(1, Trigger.CONFIG_CHANGE, "a"));
        assertThat(queue.reconciles()).isEqualTo(1);
    }

    @Test
    void streamsAreHandedOutInTheOrderOfTheirFirstRequestNumberedFromOne() {
        ReconcileQueue queue = new ReconcileQueue();

        queue.request(List.of("b", "a"), Trigger.STARTUP);
        queue.request(List.of("c", "a", "b"), Trigger.REPORT);
        queue.request(List.of("d"), Trigger.API);

        assertThat(queue.pendingCount()).isEqualTo(4);
        assertThat(queue.coalescedRequests()).isEqualTo(2);
        assertThat(drain(queue)).containsExactly(new Reconciliation(1, Trigger.STARTUP, "b"),
                new Reconciliation(2, Trigger.STARTUP, "a"), new Reconciliation(3, Trigger.REPORT, "c"),
                new Reconciliation(4, Trigger.API, "d"));
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.pendingCount()).isZero();
        assertThat(queue.reconciles()).isEqualTo(4);
    }

    @Test
    void aStreamRequestedAgainAfterItWasHandedOutComesBackOnceAfterThoseWaiting() {
        ReconcileQueue queue = new ReconcileQueue();
        queue.request(List.of("a", "b"), Trigger.RESYNC);

        Reconciliation first = queue.next().orElseThrow();
        queue.request(List.of("a"), Trigger.REPORT);
        queue.request(List.of("a"), Trigger.CONFIG_CHANGE);

        assertThat(first).isEqualTo(new Reconciliation(1, Trigger.RESYNC, "a"));
        assertThat(queue.coalescedRequests()).as("only the second request found it waiting").isEqualTo(1);
        assertThat(drain(queue)).containsExactly(new Reconciliation(2, Trigger.RESYNC, "b"),
                new Reconciliation(3, Trigger.REPORT, "a"));
        assertThat(queue.reconciles()).isEqualTo(3);
    }

    @Test
    void anEmptyQueueHandsOutNothingAndCountsNothing() {
        ReconcileQueue queue = new ReconcileQueue();
        queue.request(List.of(), Trigger.RESYNC);

        assertThat(queue.next()).isEmpty();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.reconciles()).isZero();
        assertThat(queue.coalescedRequests()).isZero();
    }
}
