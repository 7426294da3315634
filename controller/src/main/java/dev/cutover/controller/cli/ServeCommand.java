package dev.cutover.controller.cli;

import dev.cutover.controller.http.ApiVerticle;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.controller.routelog.StateDirectoryInUseException;
import dev.cutover.controller.service.ControllerConfig;
import dev.cutover.controller.service.ControllerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ./cutover controller}: runs the service until stopped (SIGTERM/SIGINT stop it cleanly). */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run the cutover controller (HTTP API, poller, reconciler). Every option can also be set by"
                + " its environment variable, e.g. CUTOVER_CONFIG_SOURCE for --config-source.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config-source", defaultValue = "${env:CUTOVER_CONFIG_SOURCE}",
            description = "Stream config: a JSON/YAML file or a MediaWiki api.php URL (CUTOVER_CONFIG_SOURCE).")
    String configSource;

    @Option(names = "--plan", defaultValue = "${env:CUTOVER_PLAN}",
            description = "Migration plan, e.g. migrations/analytics-hadoop.yaml (CUTOVER_PLAN).")
    String plan;

    @Option(names = "--state-dir", defaultValue = "${env:CUTOVER_STATE_DIR}",
            description = "Route log, last-known-good config, override layer (CUTOVER_STATE_DIR; default .cutover).")
    String stateDir;

    @Option(names = "--host", defaultValue = "${env:CUTOVER_HOST}",
            description = "Address to listen on (CUTOVER_HOST; default 0.0.0.0).")
    String host;

    @Option(names = "--port", defaultValue = "${env:CUTOVER_PORT}",
            description = "HTTP port; 0 = any free port (CUTOVER_PORT; default 8642).")
    String port;

    @Option(names = "--poll-interval", defaultValue = "${env:CUTOVER_POLL_INTERVAL}",
            description = "Config poll interval, e.g. 30s (CUTOVER_POLL_INTERVAL).")
    String pollInterval;

    @Option(names = "--resync-interval", defaultValue = "${env:CUTOVER_RESYNC_INTERVAL}",
            description = "Full resync interval, e.g. 5m (CUTOVER_RESYNC_INTERVAL).")
    String resyncInterval;

    @Option(names = "--token-file", defaultValue = "${env:CUTOVER_TOKEN_FILE}",
            description = "The workers' bearer token: POST /v1/reports needs it (CUTOVER_TOKEN_FILE).")
    String tokenFile;

    @Option(names = "--operator-token-file", defaultValue = "${env:CUTOVER_OPERATOR_TOKEN_FILE}",
            description = "The operators' bearer token: override, decommission and accept need it; it may report too."
                    + " Without it operator requests are refused (CUTOVER_OPERATOR_TOKEN_FILE).")
    String operatorTokenFile;

    @Option(names = "--insecure-no-token", defaultValue = "${env:CUTOVER_INSECURE_NO_TOKEN:-false}",
            description = "Run without any token on a non-loopback --host: anyone who reaches the port may report,"
                    + " override and decommission (CUTOVER_INSECURE_NO_TOKEN=true).")
    boolean insecureNoToken;

    @Option(names = "--override-file", defaultValue = "${env:CUTOVER_OVERRIDE_FILE}",
            description = "Writable override layer; overrides the plan's override_layer (CUTOVER_OVERRIDE_FILE).")
    String overrideFile;

    @Option(names = "--user-agent", defaultValue = "${env:CUTOVER_USER_AGENT}",
            description = "User-Agent of requests to a MediaWiki API config source; name your team and a contact, as"
                    + " Wikimedia's User-Agent policy asks (CUTOVER_USER_AGENT).")
    String userAgent;

    @Option(names = "--kafka-bootstrap", defaultValue = "${env:CUTOVER_KAFKA_BOOTSTRAP}",
            description = "Kafka bootstrap servers: keep routes, audit events and reports on Kafka, one active"
                    + " controller among the replicas (CUTOVER_KAFKA_BOOTSTRAP; empty = the journal in --state-dir).")
    String kafkaBootstrap;

    @Option(names = "--kafka-routes-topic", defaultValue = "${env:CUTOVER_KAFKA_ROUTES_TOPIC}",
            description = "Compacted routes topic (CUTOVER_KAFKA_ROUTES_TOPIC; default cutover.routes).")
    String kafkaRoutesTopic;

    @Option(names = "--kafka-events-topic", defaultValue = "${env:CUTOVER_KAFKA_EVENTS_TOPIC}",
            description = "Audit topic (CUTOVER_KAFKA_EVENTS_TOPIC; default cutover.events).")
    String kafkaEventsTopic;

    @Option(names = "--kafka-reports-topic", defaultValue = "${env:CUTOVER_KAFKA_REPORTS_TOPIC}",
            description = "Worker reports topic (CUTOVER_KAFKA_REPORTS_TOPIC; default cutover.reports).")
    String kafkaReportsTopic;

    @Option(names = "--kafka-leader-topic", defaultValue = "${env:CUTOVER_KAFKA_LEADER_TOPIC}",
            description = "Single-partition topic whose consumer group elects the active controller"
                    + " (CUTOVER_KAFKA_LEADER_TOPIC; default cutover.leader).")
    String kafkaLeaderTopic;

    @Option(names = "--kafka-transactional-id", defaultValue = "${env:CUTOVER_KAFKA_TRANSACTIONAL_ID}",
            description = "Transactional id shared by every replica of one deployment (CUTOVER_KAFKA_TRANSACTIONAL_ID;"
                    + " default cutover-controller.<routes topic>).")
    String kafkaTransactionalId;

    @Option(names = "--kafka-group", defaultValue = "${env:CUTOVER_KAFKA_GROUP}",
            description = "Consumer group prefix (CUTOVER_KAFKA_GROUP; default cutover-controller).")
    String kafkaGroup;

    @Option(names = "--kafka-replication-factor", defaultValue = "${env:CUTOVER_KAFKA_REPLICATION_FACTOR}",
            description = "Replication factor of topics the controller creates (CUTOVER_KAFKA_REPLICATION_FACTOR;"
                    + " default: the broker's).")
    String kafkaReplicationFactor;

    @Option(names = "--kafka-properties", defaultValue = "${env:CUTOVER_KAFKA_PROPERTIES}",
            description = "Java properties file of Kafka client settings, e.g. security.protocol, sasl.*, ssl.*"
                    + " (CUTOVER_KAFKA_PROPERTIES).")
    String kafkaProperties;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "One Kafka client setting over --kafka-properties; repeatable.")
    List<String> kafkaProperty = new ArrayList<>();

    @Option(names = "--webhook-url", paramLabel = "URL", split = ",", defaultValue = "${env:CUTOVER_WEBHOOK_URL}",
            description = "Send notifications (phase changes, holds, FAIL and LATE hours, auto-promotions) to this"
                    + " http(s) URL, e.g. a Slack incoming webhook; repeatable or comma-separated. From the"
                    + " environment: CUTOVER_WEBHOOK_URL, comma-separated (best from a secret: the URL is one).")
    List<String> webhookUrl = new ArrayList<>();

    @Option(names = "--webhook-format", defaultValue = "${env:CUTOVER_WEBHOOK_FORMAT}",
            description = "slack ({\"text\": ...}, the default) or json (id, kind, stream, phase, hour, text, at,"
                    + " controller) (CUTOVER_WEBHOOK_FORMAT).")
    String webhookFormat;

    @Option(names = "--webhook-timeout", defaultValue = "${env:CUTOVER_WEBHOOK_TIMEOUT}",
            description = "Timeout of one webhook request, e.g. 10s (CUTOVER_WEBHOOK_TIMEOUT; default 10s).")
    String webhookTimeout;

    @Option(names = "--webhook-retry-delay", defaultValue = "${env:CUTOVER_WEBHOOK_RETRY_DELAY}",
            description = "Wait before the first retry of a failed webhook request, doubled after each failure up to"
                    + " 5m, with jitter (CUTOVER_WEBHOOK_RETRY_DELAY; default 1s).")
    String webhookRetryDelay;

    @Option(names = "--webhook-max-attempts", defaultValue = "${env:CUTOVER_WEBHOOK_MAX_ATTEMPTS}",
            description = "Attempts per notification and receiver before it is dropped (CUTOVER_WEBHOOK_MAX_ATTEMPTS;"
                    + " default 6).")
    String webhookMaxAttempts;

    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("config-source", configSource);
        values.put("plan", plan);
        values.put("state-dir", stateDir);
        values.put("host", host);
        values.put("port", port);
        values.put("poll-interval", pollInterval);
        values.put("resync-interval", resyncInterval);
        values.put("token-file", tokenFile);
        values.put("operator-token-file", operatorTokenFile);
        values.put("insecure-no-token", String.valueOf(insecureNoToken));
        values.put("override-file", overrideFile);
        values.put("user-agent", userAgent);
        values.put("kafka-bootstrap", kafkaBootstrap);
        values.put("kafka-routes-topic", kafkaRoutesTopic);
        values.put("kafka-events-topic", kafkaEventsTopic);
        values.put("kafka-reports-topic", kafkaReportsTopic);
        values.put("kafka-leader-topic", kafkaLeaderTopic);
        values.put("kafka-transactional-id", kafkaTransactionalId);
        values.put("kafka-group", kafkaGroup);
        values.put("kafka-replication-factor", kafkaReplicationFactor);
        values.put("kafka-properties", kafkaProperties);
        values.put(ControllerConfig.KAFKA_PROPERTY, String.join("\n", kafkaProperty));
        values.put("webhook-url", webhookUrl == null ? null : String.join(",", webhookUrl));
        values.put("webhook-format", webhookFormat);
        values.put("webhook-timeout", webhookTimeout);
        values.put("webhook-retry-delay", webhookRetryDelay);
        values.put("webhook-max-attempts", webhookMaxAttempts);
        return values;
    }

    @Override
    public Integer call() throws Exception {
        ControllerConfig config;
        try {
            config = ControllerConfig.fromMap(values());
        } catch (ControllerConfig.InvalidConfigException e) {
            System.err.println("cutover controller: " + e.getMessage());
            return 2;
        }
        ControllerService service;
        try {
            service = ControllerService.start(config, Clock.systemUTC());
        } catch (IllegalArgumentException | StateDirectoryInUseException | RouteLogException e) {
            System.err.println("cutover controller: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "cutover-shutdown"));
        System.out.println("cutover controller listening on " + service.url() + " (state: " + config.stateDir()
                + config.kafka().map(k -> ", control plane on Kafka " + k.bootstrap() + ", starting as standby")
                .orElse("") + "); console: " + service.url() + ApiVerticle.CONSOLE + "; try: ./cutover status --url "
                + service.url());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
