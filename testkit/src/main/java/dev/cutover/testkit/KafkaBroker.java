package dev.cutover.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real in-process KRaft broker ({@link EmbeddedKafka}) for every Kafka test in the JVM: started by the first test
 * class that uses the extension ({@code @ExtendWith(KafkaBroker.class)}), stopped when the test run ends. Tests
 * isolate themselves with names of their own ({@link #uniquePrefix(String)}).
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
        public void close() throws Exception {
            broker.close();
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

    /** A name prefix no other test uses: {@code <name>-<n>-<random>-}. */
    public static String uniquePrefix(String name) {
        return name + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }
}
