package dev.cutover.controller.kafka;

import dev.cutover.testkit.KafkaBroker;

/** Control-plane settings on the shared test broker with topic names, transactional id and group of their own. */
public final class TestTopics {

    private TestTopics() {
    }

    public static KafkaSettings settings(String name) {
        return KafkaSettings.defaults(KafkaBroker.bootstrap()).withTopicPrefix(KafkaBroker.uniquePrefix(name));
    }
}
