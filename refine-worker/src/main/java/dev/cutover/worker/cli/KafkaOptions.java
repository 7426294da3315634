package dev.cutover.worker.cli;

import dev.cutover.protocol.Databases;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.Durations;
import dev.cutover.worker.route.ControllerRoutes;
import dev.cutover.worker.route.FallbackRoutes;
import dev.cutover.worker.route.KafkaLink;
import dev.cutover.worker.route.KafkaReports;
import dev.cutover.worker.route.KafkaRoutes;
import dev.cutover.worker.route.RouteProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The controller's control plane on Kafka, when it runs there: reports go to the reports topic, and routes and
 * epochs come from the compacted routes topic while the controller's HTTP API is unreachable. Names and client
 * settings must match the controller's; each option also reads the controller's environment variable.
 */
public final class KafkaOptions {

    @Option(names = "--kafka-bootstrap", defaultValue = "${env:CUTOVER_KAFKA_BOOTSTRAP}",
            description = "Kafka of the controller's control plane: reports to its reports topic (idempotent producer),"
                    + " routes from its routes topic while the controller is unreachable (CUTOVER_KAFKA_BOOTSTRAP)")
    String bootstrap;

    @Option(names = "--kafka-routes-topic", defaultValue = "${env:CUTOVER_KAFKA_ROUTES_TOPIC}",
            description = "Compacted routes topic (CUTOVER_KAFKA_ROUTES_TOPIC; default cutover.routes)")
    String routesTopic;

    @Option(names = "--kafka-reports-topic", defaultValue = "${env:CUTOVER_KAFKA_REPORTS_TOPIC}",
            description = "Reports topic (CUTOVER_KAFKA_REPORTS_TOPIC; default cutover.reports)")
    String reportsTopic;

    @Option(names = "--kafka-properties", defaultValue = "${env:CUTOVER_KAFKA_PROPERTIES}",
            description = "Java properties file of Kafka client settings, e.g. security (CUTOVER_KAFKA_PROPERTIES)")
    Path propertiesFile;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "One Kafka client setting over --kafka-properties; repeatable")
    List<String> properties = new ArrayList<>();

    @Option(names = "--kafka-timeout", defaultValue = "30s",
            description = "How long a Kafka read or an acknowledged send may take (default 30s)")
    String timeout;

    /** The link, or empty when {@code --kafka-bootstrap} is not set; bad values fail naming the option. */
    Optional<KafkaLink> link() {
        if (bootstrap == null || bootstrap.isBlank()) {
            if (routesTopic != null || reportsTopic != null || propertiesFile != null || !properties.isEmpty()) {
                throw new IllegalArgumentException("--kafka-* options given without --kafka-bootstrap"
                        + " (CUTOVER_KAFKA_BOOTSTRAP); set it, or drop them");
            }
            return Optional.empty();
        }
        Map<String, String> client = new TreeMap<>();
        if (propertiesFile != null) {
            Properties loaded = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                loaded.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-properties " + propertiesFile + ": "
                        + e.getMessage(), e);
            }
            loaded.stringPropertyNames().forEach(n -> client.put(n, loaded.getProperty(n)));
        }
        for (String property : properties) {
            int eq = property.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--kafka-property '" + property + "' is not KEY=VALUE (e.g."
                        + " security.protocol=SASL_SSL)");
            }
            client.put(property.substring(0, eq).trim(), property.substring(eq + 1).trim());
        }
        return Optional.of(new KafkaLink(bootstrap.trim(), blankOr(routesTopic, KafkaLink.DEFAULT_ROUTES_TOPIC),
                blankOr(reportsTopic, KafkaLink.DEFAULT_REPORTS_TOPIC), client));
    }

    Duration timeout() {
        return Durations.parse(timeout, "--kafka-timeout");
    }

    /** The controller's routes, with the routes topic as the fallback when Kafka is configured. */
    RouteProvider routes(ControllerApiClient client, Clock clock, PrintStream log) {
        Optional<KafkaLink> link = link();
        if (link.isEmpty()) {
            return new ControllerRoutes(client);
        }
        // a routes-topic value written before the controller recorded its plan's databases: the worker's own
        Databases fallback = Databases.of(CutoverSettings.DEFAULTS);
        return new FallbackRoutes(client, KafkaRoutes.of(link.get(), fallback, clock, timeout(), log), log);
    }

    /** The reports topic sink when Kafka is configured. */
    Optional<KafkaReports> reports(Clock clock, PrintStream errors) {
        return link().map(l -> new KafkaReports(l, clock, timeout(), errors));
    }

    private static String blankOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
