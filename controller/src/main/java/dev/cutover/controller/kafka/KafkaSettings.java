package dev.cutover.controller.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where the control plane lives on Kafka and how to reach it. Immutable; built from the controller's option map
 * ({@link #fromMap}) or directly (tests).
 *
 * @param bootstrap         {@code bootstrap.servers}
 * @param routesTopic       compacted, keyed by stream, value = the stream's {@code StreamState} plus the plan's
 *                          databases (what workers route with while no controller answers)
 * @param eventsTopic       the audit log (one partition: its order is the audit order)
 * @param reportsTopic      worker reports (one partition: its offsets number the reports)
 * @param leaderTopic       single-partition topic whose group membership elects the active controller
 * @param transactionalId   fixed per controller deployment: every replica uses the same one, so the newest
 *                          {@code initTransactions} fences every older instance
 * @param group             consumer group prefix: {@code <group>-leader} elects, {@code <group>-reports} tracks
 *                          which reports the controller applied
 * @param replicationFactor for topics the controller creates; empty = the broker's default
 * @param clientProperties  passed to every client first (security: {@code security.protocol}, {@code sasl.*},
 *                          {@code ssl.*}); the settings the control plane relies on are set after them
 * @param sessionTimeout    leader group session timeout: how long a dead active controller keeps the role
 * @param heartbeatInterval leader group heartbeat
 * @param readTimeout       how long a restore may take to read the topics to their end
 */
public record KafkaSettings(String bootstrap, String routesTopic, String eventsTopic, String reportsTopic,
                            String leaderTopic, String transactionalId, String group,
                            Optional<Short> replicationFactor, Map<String, String> clientProperties,
                            Duration sessionTimeout, Duration heartbeatInterval, Duration readTimeout) {

    public static final String DEFAULT_ROUTES_TOPIC = "cutover.routes";
    public static final String DEFAULT_EVENTS_TOPIC = "cutover.events";
    public static final String DEFAULT_REPORTS_TOPIC = "cutover.reports";
    public static final String DEFAULT_LEADER_TOPIC = "cutover.leader";
    public static final String DEFAULT_GROUP = "cutover-controller";

    public KafkaSettings {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(routesTopic, "routesTopic");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
        Objects.requireNonNull(reportsTopic, "reportsTopic");
        Objects.requireNonNull(leaderTopic, "leaderTopic");
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        clientProperties = Map.copyOf(clientProperties);
        if (heartbeatInterval.multipliedBy(3).compareTo(sessionTimeout) > 0) {
            throw new IllegalArgumentException("the leader heartbeat (" + heartbeatInterval + ") must be at most a"
                    + " third of the session timeout (" + sessionTimeout + ")");
        }
    }

    /** The defaults for one bootstrap: standard topic names, 6 s session, 1 s heartbeat. */
    public static KafkaSettings defaults(String bootstrap) {
        return new KafkaSettings(bootstrap, DEFAULT_ROUTES_TOPIC, DEFAULT_EVENTS_TOPIC, DEFAULT_REPORTS_TOPIC,
                DEFAULT_LEADER_TOPIC, defaultTransactionalId(DEFAULT_ROUTES_TOPIC), DEFAULT_GROUP, Optional.empty(),
                Map.of(), Duration.ofSeconds(6), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** Every topic name prefixed (tests and side-by-side deployments); the transactional id and group follow. */
    public KafkaSettings withTopicPrefix(String prefix) {
        String routes = prefix + routesTopic;
        return new KafkaSettings(bootstrap, routes, prefix + eventsTopic, prefix + reportsTopic, prefix + leaderTopic,
                defaultTransactionalId(routes), prefix + group, replicationFactor, clientProperties, sessionTimeout,
                heartbeatInterval, readTimeout);
    }

    public KafkaSettings withClientProperties(Map<String, String> properties) {
        return new KafkaSettings(bootstrap, routesTopic, eventsTopic, reportsTopic, leaderTopic, transactionalId,
                group, replicationFactor, properties, sessionTimeout, heartbeatInterval, readTimeout);
    }

    /** One deployment = one routes topic = one transactional id, so two deployments never fence each other. */
    static String defaultTransactionalId(String routesTopic) {
        return "cutover-controller." + routesTopic;
    }

    /**
     * The Kafka settings among the controller's options, or empty when {@code kafka-bootstrap} is not set (the
     * journal route log is used then). Options: {@code kafka-bootstrap}, {@code kafka-routes-topic},
     * {@code kafka-events-topic}, {@code kafka-reports-topic}, {@code kafka-leader-topic},
     * {@code kafka-transactional-id}, {@code kafka-group}, {@code kafka-replication-factor},
     * {@code kafka-properties} (a Java properties file of client settings, e.g. security), each also read from
     * its {@code CUTOVER_KAFKA_*} environment variable by the caller. Problems are added to {@code problems}, so
     * the caller reports them together with its own.
     */
    public static Optional<KafkaSettings> fromMap(Map<String, String> values, List<String> problems) {
        String bootstrap = text(values, "kafka-bootstrap");
        if (bootstrap == null) {
            List<String> stray = values.keySet().stream()
                    .filter(k -> k.startsWith("kafka-") && text(values, k) != null).sorted().toList();
            if (!stray.isEmpty()) {
                problems.add(String.join(", ", stray.stream().map(k -> "--" + k).toList())
                        + " given without --kafka-bootstrap (CUTOVER_KAFKA_BOOTSTRAP); set it to use Kafka, or drop"
                        + " them to use the journal");
            }
            return Optional.empty();
        }
        KafkaSettings settings = defaults(bootstrap);
        String routes = orDefault(values, "kafka-routes-topic", settings.routesTopic(), problems);
        String events = orDefault(values, "kafka-events-topic", settings.eventsTopic(), problems);
        String reports = orDefault(values, "kafka-reports-topic", settings.reportsTopic(), problems);
        String leader = orDefault(values, "kafka-leader-topic", settings.leaderTopic(), problems);
        if (List.of(routes, events, reports, leader).stream().distinct().count() < 4) {
            problems.add("the Kafka routes, events, reports and leader topics must be four different topics (got "
                    + routes + ", " + events + ", " + reports + ", " + leader + ")");
        }
        String txId = Optional.ofNullable(text(values, "kafka-transactional-id"))
                .orElse(defaultTransactionalId(routes));
        String group = Optional.ofNullable(text(values, "kafka-group")).orElse(DEFAULT_GROUP);
        Optional<Short> replication = replication(text(values, "kafka-replication-factor"), problems);
        Map<String, String> client = properties(text(values, "kafka-properties"), problems);
        return Optional.of(new KafkaSettings(bootstrap, routes, events, reports, leader, txId, group, replication,
                client, settings.sessionTimeout(), settings.heartbeatInterval(), settings.readTimeout()));
    }

    private static String orDefault(Map<String, String> values, String key, String fallback, List<String> problems) {
        String value = text(values, key);
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[a-zA-Z0-9._-]{1,249}") || value.equals(".") || value.equals("..")) {
            problems.add("--" + key + " '" + value + "' is not a valid Kafka topic name (letters, digits, '.', '_'"
                    + " and '-', at most 249)");
        }
        return value;
    }

    private static Optional<Short> replication(String value, List<String> problems) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            short factor = Short.parseShort(value);
            if (factor < 1) {
                problems.add("--kafka-replication-factor must be at least 1 (got " + value + ")");
            }
            return Optional.of(factor);
        } catch (NumberFormatException e) {
            problems.add("--kafka-replication-factor '" + value + "' is not a number");
            return Optional.empty();
        }
    }

    private static Map<String, String> properties(String file, List<String> problems) {
        if (file == null) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        } catch (IOException e) {
            problems.add("--kafka-properties " + file + ": cannot read it (" + e.getMessage() + "); it should be a"
                    + " Java properties file of Kafka client settings such as security.protocol");
            return Map.of();
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private static String text(Map<String, String> values, String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The option's environment variable, for messages: {@code kafka-routes-topic} -> {@code CUTOVER_KAFKA_ROUTES_TOPIC}. */
    static String envName(String option) {
        return "CUTOVER_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The client properties with {@code overrides} applied on top: what every client starts from. */
    Map<String, Object> client(Map<String, Object> overrides) {
        Map<String, Object> props = new TreeMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrap);
        props.putAll(overrides);
        return props;
    }
}
