package dev.cutover.controller.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real in-process KRaft broker (combined broker + controller node) for every Kafka test in the JVM: started
 * by the first test class that uses the extension, stopped when the test run ends. Tests isolate themselves with
 * their own topic names ({@link #settings(String)}).
 */
public final class KafkaBroker implements BeforeAllCallback {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        // The broker and the clients log every config at INFO; keep the test output readable.
        for (String noisy : List.of("org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper")) {
            System.setProperty("org.slf4j.simpleLogger.log." + noisy, "warn");
        }
    }

    /** Held in the root store, so JUnit closes it after the last test. */
    private static final class Running implements AutoCloseable {
        final EmbeddedKafka broker;

        Running() throws Exception {
            broker = EmbeddedKafka.start();
            System.out.println("[KafkaBroker] KRaft broker ready at " + broker.bootstrap() + " in "
                    + broker.startup().toMillis() + " ms");
        }

        @Override
        public void close() {
            try {
                broker.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the in-process Kafka broker: " + e.getMessage(), e);
            }
        }
    }

    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> {
                    try {
                        return new Running();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot start the in-process Kafka broker: " + e.getMessage(), e);
                    }
                }, Running.class);
    }

    public static String bootstrap() {
        if (running == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(KafkaBroker.class)");
        }
        return running.broker.bootstrap();
    }

    /** Settings with topic names, transactional id and group of their own (prefix {@code <name>-<n>-}). */
    public static KafkaSettings settings(String name) {
        String prefix = name + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        return KafkaSettings.defaults(bootstrap()).withTopicPrefix(prefix);
    }
}
