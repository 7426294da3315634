package dev.cutover.worker.route;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where the controller's control plane lives on Kafka, as a worker needs it: the compacted routes topic (routes and
 * epochs when the controller's HTTP API is unreachable) and the reports topic (reports survive a controller
 * outage). Topic names and client settings must match the controller's ({@code CUTOVER_KAFKA_*}).
 *
 * @param clientProperties passed to every client first (security: {@code security.protocol}, {@code sasl.*},
 *                         {@code ssl.*}); the settings the worker relies on are set after them
 */
public record KafkaLink(String bootstrap, String routesTopic, String reportsTopic, Map<String, String> clientProperties) {

    public static final String DEFAULT_ROUTES_TOPIC = "cutover.routes";
    public static final String DEFAULT_REPORTS_TOPIC = "cutover.reports";

    public KafkaLink {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(routesTopic, "routesTopic");
        Objects.requireNonNull(reportsTopic, "reportsTopic");
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The client properties with {@code overrides} on top: what every client of the worker starts from. */
    Map<String, Object> client(Map<String, Object> overrides) {
        Map<String, Object> props = new TreeMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrap);
        props.putAll(overrides);
        return props;
    }

    @Override
    public String toString() {
        return "kafka " + bootstrap + " (routes " + routesTopic + ", reports " + reportsTopic + ")";
    }
}
