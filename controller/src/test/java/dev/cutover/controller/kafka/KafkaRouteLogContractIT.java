package dev.cutover.controller.kafka;

import dev.cutover.testkit.KafkaBroker;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.RouteLogContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;

/** The route log contract on a real broker; every test gets topics and a transactional id of its own. */
@ExtendWith(KafkaBroker.class)
class KafkaRouteLogContractIT extends RouteLogContract {

    private KafkaSettings settings;

    @BeforeEach
    void freshTopics(TestInfo test) {
        settings = TestTopics.settings(test.getTestMethod().orElseThrow().getName());
    }

    @Override
    protected RouteLog open() {
        return new KafkaRouteLog(settings, Clock.systemUTC());
    }
}
