package dev.cutover.controller.kafka;

import dev.cutover.controller.routelog.RouteLogException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates the control-plane topics when missing and checks them when present. Every problem is reported at
 * once, naming the topic, the setting and the fix:
 * <ul>
 *   <li>routes: {@code cleanup.policy=compact} (exactly: {@code delete} would lose routes after retention);</li>
 *   <li>events and reports: one partition (their order is the audit order / the report numbering) and
 *       {@code cleanup.policy=delete} with infinite retention by default (compaction would drop audit entries
 *       and reports that share a key);</li>
 *   <li>leader: one partition (the group member that owns it is the active controller).</li>
 * </ul>
 */
final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    private record Wanted(String name, String option, String role, boolean compacted, boolean singlePartition) {
    }

    /** Creates what is missing and validates everything. */
    static void ensure(KafkaSettings settings, Admin admin) {
        List<Wanted> wanted = List.of(
                new Wanted(settings.routesTopic(), "kafka-routes-topic", "routes", true, false),
                new Wanted(settings.eventsTopic(), "kafka-events-topic", "audit events", false, true),
                new Wanted(settings.reportsTopic(), "kafka-reports-topic", "worker reports", false, true),
                new Wanted(settings.leaderTopic(), "kafka-leader-topic", "leader election", false, true));
        try {
            Set<String> existing = admin.listTopics().names().get(timeout(settings), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.stream().filter(w -> !existing.contains(w.name()))
                    .map(w -> newTopic(w, settings.replicationFactor())).toList();
            create(admin, missing, settings);
            validateOnceKnown(admin, wanted, settings);
        } catch (ExecutionException e) {
            throw new RouteLogException("cannot set up the control-plane topics on Kafka " + settings.bootstrap() + ": "
                    + e.getCause().getMessage() + " (check --kafka-bootstrap and the client security settings in"
                    + " --kafka-properties; the principal needs Describe, Create and DescribeConfigs on the topics)",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new RouteLogException("Kafka " + settings.bootstrap() + " did not answer within "
                    + settings.readTimeout().toSeconds() + " s (check --kafka-bootstrap / CUTOVER_KAFKA_BOOTSTRAP"
                    + " and that the brokers are up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouteLogException("interrupted while setting up the Kafka topics", e);
        }
    }

    private static long timeout(KafkaSettings settings) {
        return settings.readTimeout().toMillis();
    }

    private static NewTopic newTopic(Wanted w, Optional<Short> replication) {
        Map<String, String> configs = new LinkedHashMap<>();
        if (w.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        }
        return new NewTopic(w.name(), Optional.of(1), replication).configs(configs);
    }

    private static void create(Admin admin, List<NewTopic> missing, KafkaSettings settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (missing.isEmpty()) {
            return;
        }
        var result = admin.createTopics(missing);
        for (NewTopic topic : missing) {
            try {
                result.values().get(topic.name()).get(timeout(settings), TimeUnit.MILLISECONDS);
                LOG.info("created Kafka topic {} ({})", topic.name(), topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                LOG.info("Kafka topic {} was created meanwhile by another replica", topic.name());
            }
        }
    }

    /**
     * Validates; a topic just created may not be known to every broker yet (metadata propagates asynchronously),
     * so an unknown topic is asked about again, briefly, until the read timeout.
     */
    private static void validateOnceKnown(Admin admin, List<Wanted> wanted, KafkaSettings settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + settings.readTimeout().toNanos();
        while (true) {
            try {
                validate(admin, wanted, settings);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("control-plane topics not known to the brokers yet: {}", e.getCause().getMessage());
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static void validate(Admin admin, List<Wanted> wanted, KafkaSettings settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = wanted.stream().map(Wanted::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                .get(timeout(settings), TimeUnit.MILLISECONDS);
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                .get(timeout(settings), TimeUnit.MILLISECONDS);
        List<String> problems = new ArrayList<>();
        for (Wanted w : wanted) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, w.name()));
            String policy = Optional.ofNullable(config.get(TopicConfig.CLEANUP_POLICY_CONFIG))
                    .map(ConfigEntry::value).orElse("delete");
            Set<String> policies = Set.of(policy.replace(" ", "").split(","));
            int partitions = descriptions.get(w.name()).partitions().size();
            String where = "Kafka topic " + w.name() + " (" + w.role() + ", --" + w.option() + " / "
                    + KafkaSettings.envName(w.option()) + ")";
            if (w.compacted() && !policies.equals(Set.of(TopicConfig.CLEANUP_POLICY_COMPACT))) {
                problems.add(where + " has cleanup.policy=" + policy + " but must be compacted (cleanup.policy=compact),"
                        + " or routes are deleted after retention. Fix: kafka-configs.sh --bootstrap-server "
                        + settings.bootstrap() + " --alter --entity-type topics --entity-name " + w.name()
                        + " --add-config cleanup.policy=compact, or point the option at another topic");
            }
            if (!w.compacted() && policies.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                problems.add(where + " has cleanup.policy=" + policy + " but must not be compacted (compaction drops"
                        + " entries that share a key). Fix: set cleanup.policy=delete with a long retention.ms, or"
                        + " point the option at another topic");
            }
            if (w.singlePartition() && partitions != 1) {
                problems.add(where + " has " + partitions + " partitions but needs exactly 1 (its order is"
                        + " significant). Fix: point the option at a new topic; partitions cannot be merged");
            }
            if (!w.compacted()) {
                warnOnShortRetention(w, config);
            }
        }
        if (!problems.isEmpty()) {
            throw new RouteLogException("the control-plane topics are not usable:\n  - "
                    + String.join("\n  - ", problems));
        }
        LOG.debug("control-plane topics ok: {}", names.stream().collect(Collectors.joining(", ")));
    }

    private static void warnOnShortRetention(Wanted w, Config config) {
        Optional.ofNullable(config.get(TopicConfig.RETENTION_MS_CONFIG)).map(ConfigEntry::value)
                .map(Long::parseLong)
                .filter(ms -> ms >= 0 && ms < TimeUnit.DAYS.toMillis(90))
                .ifPresent(ms -> LOG.warn("Kafka topic {} ({}) keeps entries only {} days (retention.ms={}); older {}"
                        + " are lost to a restarted controller", w.name(), w.role(), TimeUnit.MILLISECONDS.toDays(ms),
                        ms, w.role()));
    }
}
