package dev.cutover.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * @param home           the repository root (the launcher's {@code cutover.home})
 * @param stateDir       where the demo keeps everything (wiped at start)
 * @param fast           fewer hours and events (CI)
 * @param keepRunning    keep the controller up at the end
 * @param kafka          keep routes, audit events and reports on Kafka instead of the journal
 * @param kafkaBootstrap an external broker for {@code kafka}; empty = start one in-process
 */
record DemoOptions(Path home, Path stateDir, boolean fast, boolean keepRunning, boolean kafka,
                   Optional<String> kafkaBootstrap) {

    /**
     * The demo's streams: NavigationTiming (promoted under a comparison rule), the group page-create +
     * revision-create (cut over together, rolled back together), page-delete (held back by FAIL verdicts) and
     * page_change (held back: its new job is late).
     */
    List<String> streams() {
        return List.of(Demo.NAV, Demo.CREATE, Demo.REVISION, Demo.DELETE, Demo.LATE);
    }

    /** Data hours; the last one arrives after the rollback. */
    int hours() {
        return fast ? 4 : 6;
    }

    int eventsPerHour() {
        return fast ? 30 : 120;
    }
}
