package dev.cutover.worker.route;

import dev.cutover.testkit.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Fresh routes (compacted) and reports topics on the shared test broker, made as the controller makes them. */
final class TestTopics {

    private TestTopics() {
    }

    static KafkaLink newTopics(String name) throws Exception {
        String prefix = KafkaBroker.uniquePrefix(name);
        KafkaLink link = new KafkaLink(KafkaBroker.bootstrap(), prefix + "cutover.routes", prefix + "cutover.reports",
                Map.of());
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", link.bootstrap()))) {
            admin.createTopics(List.of(
                    new NewTopic(link.routesTopic(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(link.reportsTopic(), 1, (short) 1).configs(Map.of("cleanup.policy", "delete"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        return link;
    }
}
