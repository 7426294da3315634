package dev.cutover.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.streamconfig.poll.ConfigTracker;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The simulation is quiet by default (simplelogger.properties): the config tracker's per-fetch lines are off. */
class QuietLoggingTest {

    @Test
    void theConfigTrackerLogsOnlyErrorsInTheSimulation() {
        var log = LoggerFactory.getLogger(ConfigTracker.class);
        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isFalse();
        assertThat(log.isErrorEnabled()).isTrue();
    }
}
