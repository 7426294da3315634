package dev.cutover.helm;

import static dev.cutover.helm.Charts.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders helm/cutover-controller with the Helm library and checks what Kubernetes would get. */
class ControllerChartTest {

    private static final String CHART = "cutover-controller";

    @TempDir
    Path tmp;

    private Charts.Rendered render(Map<String, ?> set) {
        return Charts.render(CHART, "cutover", set, tmp);
    }

    private static JsonNode controller(Charts.Rendered rendered) {
        return Manifests.container(rendered.one("Deployment"), "controller");
    }

    @Test
    void rendersTheControllerWithJournalStateByDefault() {
        Charts.Rendered rendered = render(Map.of());

        assertThat(rendered.names()).containsExactlyInAnyOrder(
                "ServiceAccount/cutover-cutover-controller", "ConfigMap/cutover-cutover-controller",
                "PersistentVolumeClaim/cutover-cutover-controller-state", "Service/cutover-cutover-controller",
                "Deployment/cutover-cutover-controller", "PodDisruptionBudget/cutover-cutover-controller");
        JsonNode deployment = rendered.one("Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(deployment.path("spec").path("strategy").path("type").asText())
                .as("one journal, one writer").isEqualTo("Recreate");
        JsonNode pod = Manifests.podSpec(deployment);
        assertThat(Manifests.volumeAt(pod, controller(rendered), "/var/lib/cutover")
                .path("persistentVolumeClaim").path("claimName").asText())
                .isEqualTo("cutover-cutover-controller-state");
        assertThat(rendered.one("PersistentVolumeClaim").path("metadata").path("annotations")
                .path("helm.sh/resource-policy").asText()).isEqualTo("keep");
        Manifests.assertStandardLabels(rendered, CHART, "cutover");
        Manifests.assertStandardLabels(render(set("kafkaBootstrap", "k:9092", "kafkaProperties.a", "b",
                "serviceMonitor.enabled", true, "grafanaDashboard.enabled", true)), CHART, "cutover");
    }

    @Test
    void valuesReachTheControllersEnvironmentVariables() {
        Charts.Rendered rendered = render(set(
                "configSource", "https://meta.wikimedia.org/w/api.php",
                "pollInterval", "45s",
                "resyncInterval", "10m",
                "port", 9090,
                "stateDir", "/data/cutover",
                "overrideFile", "/data/cutover/layer.json",
                "userAgent", "Cutover (data-platform@example.org)",
                "existingSecret", "cutover-token",
                "kafkaBootstrap", "kafka-jumbo1001:9092,kafka-jumbo1002:9092",
                "kafkaRoutesTopic", "eqiad.cutover.routes",
                "kafkaEventsTopic", "eqiad.cutover.events",
                "kafkaReportsTopic", "eqiad.cutover.reports",
                "kafkaProperties.security\\.protocol", "SSL"));
        Map<String, String> env = Manifests.env(controller(rendered), rendered);

        assertThat(env).containsEntry("CUTOVER_CONFIG_SOURCE", "https://meta.wikimedia.org/w/api.php")
                .containsEntry("CUTOVER_POLL_INTERVAL", "45s")
                .containsEntry("CUTOVER_RESYNC_INTERVAL", "10m")
                .containsEntry("CUTOVER_PORT", "9090")
                .containsEntry("CUTOVER_STATE_DIR", "/data/cutover")
                .containsEntry("CUTOVER_OVERRIDE_FILE", "/data/cutover/layer.json")
                .containsEntry("CUTOVER_USER_AGENT", "Cutover (data-platform@example.org)")
                .containsEntry("CUTOVER_TOKEN_FILE", "/var/run/secrets/cutover/token")
                .containsEntry("CUTOVER_KAFKA_BOOTSTRAP", "kafka-jumbo1001:9092,kafka-jumbo1002:9092")
                .containsEntry("CUTOVER_KAFKA_ROUTES_TOPIC", "eqiad.cutover.routes")
                .containsEntry("CUTOVER_KAFKA_EVENTS_TOPIC", "eqiad.cutover.events")
                .containsEntry("CUTOVER_KAFKA_REPORTS_TOPIC", "eqiad.cutover.reports")
                .containsEntry("CUTOVER_KAFKA_PROPERTIES", "/etc/cutover/kafka/kafka.properties")
                .containsEntry("CUTOVER_PLAN", "/etc/cutover/plan/plan.yaml");
        JsonNode pod = Manifests.podSpec(rendered.one("Deployment"));
        JsonNode container = controller(rendered);
        assertThat(Manifests.volumeAt(pod, container, env.get("CUTOVER_TOKEN_FILE")).path("secret")
                .path("secretName").asText()).isEqualTo("cutover-token");
        assertThat(Manifests.volumeAt(pod, container, env.get("CUTOVER_KAFKA_PROPERTIES")).path("configMap")
                .path("name").asText()).isEqualTo("cutover-cutover-controller");
        assertThat(rendered.one("ConfigMap").path("data").path("kafka.properties").asText())
                .isEqualTo("security.protocol=SSL\n");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(9090);
    }

    @Test
    void everyVariableTheChartSetsIsOneTheControllerReads() {
        Charts.Rendered rendered = render(set("existingSecret", "t", "operatorSecret", "o", "insecureNoToken", true,
                "overrideFile", "/x", "kafkaBootstrap", "k:9092",
                "kafkaRoutesTopic", "r", "kafkaEventsTopic", "e", "kafkaReportsTopic", "p",
                "kafkaProperties.a", "b"));
        Set<String> cutoverEnv = new HashSet<>(Manifests.env(controller(rendered), rendered).keySet());
        cutoverEnv.removeIf(name -> !name.startsWith("CUTOVER_"));

        assertThat(cutoverEnv).hasSizeGreaterThanOrEqualTo(12);
        assertThat(SourceOptions.controllerEnv()).containsAll(cutoverEnv);
    }

    @Test
    void theOperatorTokenIsASecretOfItsOwnMountedApartFromTheWorkersToken() {
        Charts.Rendered rendered = render(set("existingSecret", "cutover-worker-token",
                "operatorSecret", "cutover-operator-token", "operatorSecretKey", "operator"));
        Map<String, String> env = Manifests.env(controller(rendered), rendered);
        JsonNode pod = Manifests.podSpec(rendered.one("Deployment"));

        assertThat(env).containsEntry("CUTOVER_TOKEN_FILE", "/var/run/secrets/cutover/token")
                .containsEntry("CUTOVER_OPERATOR_TOKEN_FILE", "/var/run/secrets/cutover-operator/operator")
                .doesNotContainKey("CUTOVER_INSECURE_NO_TOKEN");
        assertThat(Manifests.volumeAt(pod, controller(rendered), env.get("CUTOVER_OPERATOR_TOKEN_FILE"))
                .path("secret").path("secretName").asText()).isEqualTo("cutover-operator-token");
        assertThat(Manifests.volumeAt(pod, controller(rendered), env.get("CUTOVER_TOKEN_FILE"))
                .path("secret").path("secretName").asText()).isEqualTo("cutover-worker-token");

        Map<String, String> workerOnly = Manifests.env(controller(render(set("existingSecret", "t"))),
                render(set("existingSecret", "t")));
        assertThat(workerOnly).containsKey("CUTOVER_TOKEN_FILE").doesNotContainKey("CUTOVER_OPERATOR_TOKEN_FILE");
    }

    @Test
    void runningWithoutAnyTokenIsAnExplicitValue() {
        Charts.Rendered insecure = render(set("insecureNoToken", true));

        assertThat(Manifests.env(controller(insecure), insecure)).containsEntry("CUTOVER_INSECURE_NO_TOKEN", "true")
                .doesNotContainKeys("CUTOVER_TOKEN_FILE", "CUTOVER_OPERATOR_TOKEN_FILE");
        Charts.Rendered defaults = render(Map.of());
        assertThat(Manifests.env(controller(defaults), defaults)).doesNotContainKey("CUTOVER_INSECURE_NO_TOKEN");
    }

    private static final List<String> KAFKA_NAMES = List.of("CUTOVER_KAFKA_ROUTES_TOPIC", "CUTOVER_KAFKA_EVENTS_TOPIC",
            "CUTOVER_KAFKA_REPORTS_TOPIC", "CUTOVER_KAFKA_LEADER_TOPIC", "CUTOVER_KAFKA_GROUP");

    private Map<String, String> kafkaNames(String release, Map<String, ?> set) {
        Charts.Rendered rendered = Charts.render(CHART, release, "analytics", null, set, tmp);
        Map<String, String> env = Manifests.env(controller(rendered), rendered);
        Map<String, String> names = new TreeMap<>();
        KAFKA_NAMES.forEach(n -> names.put(n, env.get(n)));
        return names;
    }

    @Test
    void twoReleasesOnOneKafkaClusterGetTheirOwnTopicsAndGroup() {
        Map<String, String> blue = kafkaNames("blue", set("kafkaBootstrap", "kafka-jumbo1001:9092"));
        Map<String, String> green = kafkaNames("green", set("kafkaBootstrap", "kafka-jumbo1001:9092"));

        assertThat(blue).containsEntry("CUTOVER_KAFKA_ROUTES_TOPIC", "blue-cutover-controller.routes")
                .containsEntry("CUTOVER_KAFKA_EVENTS_TOPIC", "blue-cutover-controller.events")
                .containsEntry("CUTOVER_KAFKA_REPORTS_TOPIC", "blue-cutover-controller.reports")
                .containsEntry("CUTOVER_KAFKA_LEADER_TOPIC", "blue-cutover-controller.leader")
                .containsEntry("CUTOVER_KAFKA_GROUP", "blue-cutover-controller");
        Set<String> shared = new HashSet<>(blue.values());
        shared.retainAll(green.values());
        assertThat(shared).as("names both releases would use on one cluster").isEmpty();
        assertThat(green.values()).doesNotContainNull().allMatch(n -> n.startsWith("green-cutover-controller"));
        // The transactional id is left to the controller, which derives it from the (now distinct) routes topic.
        Charts.Rendered rendered = render(set("kafkaBootstrap", "k:9092"));
        assertThat(Manifests.env(controller(rendered), rendered)).doesNotContainKey("CUTOVER_KAFKA_TRANSACTIONAL_ID");
    }

    @Test
    void explicitKafkaNamesWinOverTheReleaseDefaults() {
        Map<String, String> names = kafkaNames("blue", set("kafkaBootstrap", "k:9092",
                "kafkaRoutesTopic", "eqiad.cutover.routes", "kafkaGroup", "eqiad-cutover"));

        assertThat(names).containsEntry("CUTOVER_KAFKA_ROUTES_TOPIC", "eqiad.cutover.routes")
                .containsEntry("CUTOVER_KAFKA_GROUP", "eqiad-cutover")
                .containsEntry("CUTOVER_KAFKA_EVENTS_TOPIC", "blue-cutover-controller.events")
                .containsEntry("CUTOVER_KAFKA_REPORTS_TOPIC", "blue-cutover-controller.reports");
        Charts.Rendered rendered = render(set("kafkaBootstrap", "k:9092", "kafkaTransactionalId", "cutover-eqiad"));
        assertThat(Manifests.env(controller(rendered), rendered))
                .containsEntry("CUTOVER_KAFKA_TRANSACTIONAL_ID", "cutover-eqiad");
    }

    @Test
    void withoutKafkaNoKafkaNamesAreSet() {
        Charts.Rendered rendered = render(Map.of());

        assertThat(Manifests.env(controller(rendered), rendered).keySet())
                .noneMatch(name -> name.startsWith("CUTOVER_KAFKA_"));
    }

    @Test
    void thePlanIsMountedFromTheConfigMapWhereCutoverPlanPoints() {
        String plan = "cluster: analytics-test-hadoop\nproduction_database: event\norder: [eventlogging_NavigationTiming]\n";
        Charts.Rendered rendered = render(set("plan", plan));

        JsonNode configMap = rendered.one("ConfigMap");
        assertThat(configMap.path("data").path("plan.yaml").asText()).isEqualTo(plan);
        JsonNode planVolume = Manifests.volumeAt(Manifests.podSpec(rendered.one("Deployment")), controller(rendered),
                Manifests.env(controller(rendered), rendered).get("CUTOVER_PLAN"));
        assertThat(planVolume.path("configMap").path("name").asText())
                .isEqualTo(configMap.path("metadata").path("name").asText());
        assertThat(planVolume.path("configMap").path("items").get(0).path("path").asText()).isEqualTo("plan.yaml");
    }

    @Test
    void aReleaseNamedLikeTheChartGetsTheServiceNameTheWorkersDefaultTo() {
        Charts.Rendered rendered = Charts.render(CHART, "cutover-controller", "analytics", null, Map.of(), tmp);

        assertThat(rendered.one("Service").path("metadata").path("name").asText()).isEqualTo("cutover-controller");
        assertThat(rendered.one("Service").path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(8080);
    }

    @Test
    void moreThanOneReplicaWithoutKafkaFailsWithTheReason() {
        assertThatThrownBy(() -> render(set("replicaCount", 2)))
                .hasMessageContaining("replicaCount=2 needs the Kafka control plane: set kafkaBootstrap"
                        + " (CUTOVER_KAFKA_BOOTSTRAP)")
                .hasMessageContaining("use replicaCount=1 or set kafkaBootstrap");
    }

    @Test
    void severalReplicasWithKafkaRollWithoutAVolumeClaim() {
        Charts.Rendered rendered = render(set("replicaCount", 3, "kafkaBootstrap", "kafka:9092"));

        JsonNode deployment = rendered.one("Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(deployment.path("spec").path("strategy").path("type").asText()).isEqualTo("RollingUpdate");
        assertThat(rendered.ofKind("PersistentVolumeClaim")).isEmpty();
        assertThat(Manifests.volumeAt(Manifests.podSpec(deployment), controller(rendered), "/var/lib/cutover")
                .has("emptyDir")).isTrue();
        assertThat(rendered.one("PodDisruptionBudget").path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
    }

    @Test
    void twoReleasesInOneNamespaceDoNotCollide() {
        Charts.Rendered blue = Charts.render(CHART, "blue", "analytics", null, Map.of(), tmp);
        Charts.Rendered green = Charts.render(CHART, "green", "analytics", null, Map.of(), tmp);

        Set<String> shared = new HashSet<>(blue.names());
        shared.retainAll(green.names());
        assertThat(shared).isEmpty();
        JsonNode blueSelector = blue.one("Service").path("spec").path("selector");
        JsonNode greenPod = green.one("Deployment").path("spec").path("template").path("metadata").path("labels");
        assertThat(blueSelector.path("app.kubernetes.io/instance").asText())
                .isNotEqualTo(greenPod.path("app.kubernetes.io/instance").asText());
        assertThat(Manifests.env(controller(blue), blue)).containsValue("/etc/cutover/plan/plan.yaml");
        assertThat(controller(green).path("env").findValues("name").stream().map(JsonNode::asText)
                .filter(n -> n.startsWith("blue"))).isEmpty();
        assertThat(green.text()).doesNotContain("blue-");
    }

    @Test
    void securityContextIsRestrictedByDefault() {
        Charts.Rendered rendered = render(Map.of());
        JsonNode pod = Manifests.podSpec(rendered.one("Deployment"));
        JsonNode container = controller(rendered);

        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        JsonNode sc = container.path("securityContext");
        assertThat(sc.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(Manifests.strings(sc.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(sc.path("capabilities").has("add")).isFalse();
        assertThat(sc.path("privileged").asBoolean(false)).isFalse();
        assertThat(Manifests.volumeAt(pod, container, "/tmp").has("emptyDir")).as("writable /tmp").isTrue();
        assertThat(rendered.text()).doesNotContain("hostPath").doesNotContain("hostNetwork");
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    }

    @Test
    void serviceUsesTheNamedHttpPortThatTheProbesCheck() {
        Charts.Rendered rendered = render(Map.of());
        JsonNode port = rendered.one("Service").path("spec").path("ports").get(0);
        JsonNode container = controller(rendered);

        assertThat(port.path("name").asText()).isEqualTo("http");
        assertThat(port.path("targetPort").asText()).isEqualTo("http");
        assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
        assertThat(Manifests.env(container, rendered)).containsEntry("CUTOVER_PORT", "8080");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthy");
        assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
        assertThat(rendered.one("Service").path("spec").path("selector"))
                .isEqualTo(rendered.one("Deployment").path("spec").path("selector").path("matchLabels"));
    }

    @Test
    void serviceMonitorIsOptionalAndScrapesMetrics() {
        assertThat(render(Map.of()).ofKind("ServiceMonitor")).isEmpty();

        Charts.Rendered rendered = render(set("serviceMonitor.enabled", true, "serviceMonitor.labels.release", "prom"));
        JsonNode monitor = rendered.one("ServiceMonitor");
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prom");
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("http");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(monitor.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(rendered.one("Service").path("spec").path("selector"));
    }

    @Test
    void theGrafanaDashboardIsOptionalAndCarriesTheSidecarsLabelAndTheDashboardFile() throws Exception {
        assertThat(render(Map.of()).ofKind("ConfigMap")).hasSize(1);

        Charts.Rendered rendered = render(set("grafanaDashboard.enabled", true,
                "grafanaDashboard.annotations.grafana_folder", "Cutover"));
        JsonNode map = rendered.ofKind("ConfigMap").stream()
                .filter(m -> m.path("metadata").path("name").asText().endsWith("-dashboard")).findFirst().orElseThrow();
        assertThat(map.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(map.path("metadata").path("annotations").path("grafana_folder").asText()).isEqualTo("Cutover");
        JsonNode dashboard = Charts.YAML.readTree(map.path("data").path("cutover-controller.json").asText());
        assertThat(dashboard).isEqualTo(Charts.YAML.readTree(Charts.chart("cutover-controller")
                .resolve("dashboards/cutover-controller.json").toFile()));
        assertThat(dashboard.path("uid").asText()).isEqualTo("cutover-controller");
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(8);

        JsonNode relabelled = render(set("grafanaDashboard.enabled", true, "grafanaDashboard.label", "dashboards",
                "grafanaDashboard.labelValue", "cutover")).ofKind("ConfigMap").stream()
                .filter(m -> m.path("metadata").path("name").asText().endsWith("-dashboard")).findFirst().orElseThrow();
        assertThat(relabelled.path("metadata").path("labels").path("dashboards").asText()).isEqualTo("cutover");
    }

    @Test
    void missingSettingsFailWithTheValueToSet() {
        assertThatThrownBy(() -> render(set("configSource", "")))
                .hasMessageContaining("configSource (CUTOVER_CONFIG_SOURCE) is empty");
        assertThatThrownBy(() -> render(set("plan", "")))
                .hasMessageContaining("plan is empty: set it to the migration plan YAML");
    }

    @Test
    void settingsChangesRollThePods() {
        String before = checksum(render(Map.of()));
        String after = checksum(render(set("pollInterval", "1m")));

        assertThat(before).isNotBlank().isNotEqualTo(after);
    }

    private static String checksum(Charts.Rendered rendered) {
        return rendered.one("Deployment").path("spec").path("template").path("metadata").path("annotations")
                .path("checksum/config").asText();
    }

    @Test
    void theValuesSchemaRejectsAWrongType() {
        assertThatThrownBy(() -> render(set("port", "http")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("port");
    }

    @Test
    void webhooksAreOffByDefaultAndTheirUrlComesFromASecret() {
        Charts.Rendered defaults = render(Map.of());
        assertThat(Manifests.env(controller(defaults), defaults).keySet())
                .noneMatch(k -> k.startsWith("CUTOVER_WEBHOOK"));

        Charts.Rendered secret = render(set("webhooks.existingSecret", "cutover-webhooks", "webhooks.retryDelay", "2s",
                "webhooks.maxAttempts", 3));
        Map<String, String> env = Manifests.env(controller(secret), secret);
        assertThat(env).containsEntry("CUTOVER_WEBHOOK_URL", "secretKeyRef:cutover-webhooks/url")
                .containsEntry("CUTOVER_WEBHOOK_FORMAT", "slack")
                .containsEntry("CUTOVER_WEBHOOK_RETRY_DELAY", "2s")
                .containsEntry("CUTOVER_WEBHOOK_MAX_ATTEMPTS", "3")
                .doesNotContainKey("CUTOVER_WEBHOOK_TIMEOUT");
        assertThat(configMapText(secret)).as("the URL is not in the ConfigMap").doesNotContain("CUTOVER_WEBHOOK_URL:");
        assertThat(SourceOptions.controllerEnv()).containsAll(env.keySet().stream()
                .filter(k -> k.startsWith("CUTOVER_WEBHOOK")).toList());
    }

    private static String configMapText(Charts.Rendered rendered) {
        return rendered.one("ConfigMap").toString();
    }

    @Test
    void webhookUrlsFromValuesGoThroughTheConfigMapWithTheFormat() {
        Charts.Rendered rendered = render(set("webhooks.urls[0]", "https://hooks.example.org/a",
                "webhooks.urls[1]", "http://receiver.ops:8080/cutover", "webhooks.format", "json",
                "webhooks.timeout", "5s"));

        assertThat(Manifests.env(controller(rendered), rendered))
                .containsEntry("CUTOVER_WEBHOOK_URL", "https://hooks.example.org/a,http://receiver.ops:8080/cutover")
                .containsEntry("CUTOVER_WEBHOOK_FORMAT", "json")
                .containsEntry("CUTOVER_WEBHOOK_TIMEOUT", "5s")
                .doesNotContainKey("CUTOVER_WEBHOOK_MAX_ATTEMPTS");
        assertThatThrownBy(() -> render(set("webhooks.urls[0]", "https://hooks.example.org/a",
                "webhooks.existingSecret", "s")))
                .hasMessageContaining("set either webhooks.urls or webhooks.existingSecret, not both");
        assertThatThrownBy(() -> render(set("webhooks.format", "xml")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("webhooks");
        assertThatThrownBy(() -> render(set("webhooks.urls[0]", "ftp://files.example.org/x")))
                .hasMessageContaining("values don't meet the specifications of the schema");
    }
}
