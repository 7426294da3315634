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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders helm/refine-worker with the Helm library and checks the CronJobs / SparkApplications. */
class WorkerChartTest {

    private static final String CHART = "refine-worker";
    private static final String APP_JAR = "/opt/cutover/lib/refine-worker.jar";

    @TempDir
    Path tmp;

    private Charts.Rendered render(Map<String, ?> set) {
        return Charts.render(CHART, "cutover", set, tmp);
    }

    private static JsonNode cronJob(Charts.Rendered rendered, String job) {
        return rendered.ofKind("CronJob").stream()
                .filter(c -> job.equals(c.path("metadata").path("labels").path("cutover.dev/job").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no CronJob for job " + job + ": " + rendered.names()));
    }

    /** The worker's own arguments: everything after the application jar. */
    private static List<String> workerArgs(List<String> sparkSubmitArgs) {
        int jar = sparkSubmitArgs.indexOf(APP_JAR);
        assertThat(jar).as("application jar in %s", sparkSubmitArgs).isPositive();
        return sparkSubmitArgs.subList(jar + 1, sparkSubmitArgs.size());
    }

    private static List<String> args(JsonNode cronJob) {
        return Manifests.strings(Manifests.container(cronJob, "worker").path("args"));
    }

    @Test
    void rendersOneHourlyCronJobPerJobThatNeverOverlaps() {
        Charts.Rendered rendered = render(Map.of());

        assertThat(rendered.ofKind("CronJob")).extracting(c -> c.path("metadata").path("name").asText())
                .containsExactly("cutover-refine-worker-legacy", "cutover-refine-worker-airflow");
        for (JsonNode cronJob : rendered.ofKind("CronJob")) {
            assertThat(cronJob.path("spec").path("schedule").asText()).matches("\\d{1,2} \\* \\* \\* \\*");
            assertThat(cronJob.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");
            assertThat(Manifests.podSpec(cronJob).path("restartPolicy").asText()).isEqualTo("Never");
        }
        assertThat(rendered.ofKind("SparkApplication")).isEmpty();
        assertThat(rendered.ofKind("PersistentVolumeClaim")).extracting(c -> c.path("metadata").path("name").asText())
                .containsExactly("cutover-refine-worker-legacy-state", "cutover-refine-worker-airflow-state");
    }

    @Test
    void jobListAndPerJobScheduleComeFromValues() {
        Charts.Rendered rendered = Charts.render(CHART, "cutover", "cutover", """
                jobs:
                  - name: legacy
                    schedule: "20 * * * *"
                  - name: airflow
                    transforms: remove_canary_events,deduplicate
                  - name: backfill
                    schedule: "0 3 * * *"
                """, Map.of(), tmp);

        assertThat(rendered.ofKind("CronJob")).hasSize(3);
        assertThat(cronJob(rendered, "legacy").path("spec").path("schedule").asText()).isEqualTo("20 * * * *");
        assertThat(cronJob(rendered, "airflow").path("spec").path("schedule").asText()).isEqualTo("10 * * * *");
        assertThat(cronJob(rendered, "backfill").path("spec").path("schedule").asText()).isEqualTo("0 3 * * *");
        assertThat(Manifests.argAfter(workerArgs(args(cronJob(rendered, "airflow"))), "--transforms"))
                .isEqualTo("remove_canary_events,deduplicate");
        assertThat(workerArgs(args(cronJob(rendered, "legacy")))).doesNotContain("--transforms");
    }

    @Test
    void cronJobRunsSparkSubmitOnKubernetesWithTheWorkCommand() {
        Charts.Rendered rendered = render(set("metastoreUris", "thrift://analytics-hive.eqiad.wmnet:9083"));
        JsonNode cronJob = cronJob(rendered, "airflow");
        JsonNode container = Manifests.container(cronJob, "worker");
        List<String> args = args(cronJob);

        assertThat(Manifests.strings(container.path("command"))).containsExactly("/opt/spark/bin/spark-submit");
        assertThat(Manifests.argAfter(args, "--master")).startsWith("k8s://https://");
        assertThat(Manifests.argAfter(args, "--deploy-mode")).isEqualTo("client");
        assertThat(Manifests.argAfter(args, "--class")).isEqualTo("dev.cutover.worker.WorkerMain");
        assertThat(args).contains("spark.driver.host=$(POD_IP)", "spark.kubernetes.driver.pod.name=$(POD_NAME)",
                "spark.kubernetes.container.image=cutover/refine-worker:0.1.0",
                "spark.kubernetes.executor.podTemplateFile=/etc/cutover/spark/executor-pod.yaml");
        List<String> worker = workerArgs(args);
        assertThat(worker.subList(0, 3)).containsExactly("work", "--job", "airflow");
        assertThat(Manifests.argAfter(worker, "--controller")).isEqualTo("http://cutover-controller:8080");
        assertThat(worker).contains("--until-idle", "--conf",
                "spark.hadoop.hive.metastore.uris=thrift://analytics-hive.eqiad.wmnet:9083");
        assertThat(Manifests.env(container, rendered)).containsEntry("POD_IP", "fieldRef:status.podIP")
                .containsEntry("POD_NAME", "fieldRef:metadata.name");
    }

    @Test
    void valuesReachTheWorkersEnvironmentAndOptions() throws Exception {
        Charts.Rendered rendered = render(set(
                "controllerUrl", "http://blue-cutover-controller.analytics.svc:8080",
                "rawDir", "/mnt/hdfs/wmf/data/raw/event",
                "schemaRepo", "/srv/schemas/event/secondary/jsonschema",
                "stateDir", "/state",
                "kafkaBootstrap", "kafka-jumbo1001:9092",
                "existingSecret", "cutover-token",
                "rawVolume.claimName", "raw-events"));
        JsonNode cronJob = cronJob(rendered, "legacy");
        JsonNode container = Manifests.container(cronJob, "worker");
        Map<String, String> env = Manifests.env(container, rendered);
        List<String> worker = workerArgs(args(cronJob));

        assertThat(env).containsEntry("CUTOVER_CONTROLLER_URL", "http://blue-cutover-controller.analytics.svc:8080")
                .containsEntry("CUTOVER_RAW_DIR", "/mnt/hdfs/wmf/data/raw/event")
                .containsEntry("CUTOVER_SCHEMA_REPO", "/srv/schemas/event/secondary/jsonschema")
                .containsEntry("CUTOVER_STATE_DIR", "/state")
                .containsEntry("CUTOVER_CONFIG_SOURCE", "/etc/cutover/streamconfig/streams.json")
                .containsEntry("CUTOVER_TOKEN_FILE", "/var/run/secrets/cutover/token")
                .containsEntry("CUTOVER_KAFKA_BOOTSTRAP", "kafka-jumbo1001:9092");
        Map<String, String> optionOf = Map.of("CUTOVER_CONTROLLER_URL", "--controller", "CUTOVER_RAW_DIR", "--raw-dir",
                "CUTOVER_SCHEMA_REPO", "--schema-repo", "CUTOVER_STATE_DIR", "--state-dir",
                "CUTOVER_CONFIG_SOURCE", "--config-source", "CUTOVER_TOKEN_FILE", "--token-file");
        optionOf.forEach((var, option) -> assertThat(Manifests.argAfter(worker, option)).as(option).isEqualTo(env.get(var)));

        JsonNode pod = Manifests.podSpec(cronJob);
        assertThat(Manifests.volumeAt(pod, container, env.get("CUTOVER_TOKEN_FILE")).path("secret").path("secretName")
                .asText()).isEqualTo("cutover-token");
        assertThat(Manifests.volumeAt(pod, container, "/state").path("persistentVolumeClaim").path("claimName").asText())
                .isEqualTo("cutover-refine-worker-legacy-state");
        assertThat(Manifests.volumeAt(pod, container, "/mnt/hdfs/wmf/data/raw/event").path("persistentVolumeClaim")
                .path("claimName").asText()).isEqualTo("raw-events");
        JsonNode executor = Charts.YAML.readTree(Manifests.configMap(rendered, "cutover-refine-worker").path("data")
                .path("executor-pod.yaml").asText());
        assertThat(executor.path("spec").path("volumes").findValues("claimName")).extracting(JsonNode::asText)
                .containsExactly("raw-events");
        assertThat(executor.path("spec").path("containers").get(0).path("volumeMounts").findValues("mountPath"))
                .extracting(JsonNode::asText).contains("/mnt/hdfs/wmf/data/raw/event");
    }

    private static final String KAFKA_PROPERTIES = "/etc/cutover/kafka/kafka.properties";

    private static JsonNode executorPod(Charts.Rendered rendered) throws Exception {
        return Charts.YAML.readTree(Manifests.configMap(rendered, "cutover-refine-worker").path("data")
                .path("executor-pod.yaml").asText());
    }

    @Test
    void kafkaSettingsReachTheDriverAsTheVariablesTheWorkerReads() throws Exception {
        Charts.Rendered rendered = render(set(
                "kafkaBootstrap", "kafka-jumbo1001:9092,kafka-jumbo1002:9092",
                "kafkaRoutesTopic", "eqiad.cutover.routes",
                "kafkaReportsTopic", "eqiad.cutover.reports",
                "kafkaProperties.security\\.protocol", "SSL",
                "kafkaProperties.ssl\\.truststore\\.location", "/etc/ssl/kafka.jks"));
        JsonNode cronJob = cronJob(rendered, "legacy");
        JsonNode container = Manifests.container(cronJob, "worker");
        Map<String, String> env = Manifests.env(container, rendered);

        assertThat(env).containsEntry("CUTOVER_KAFKA_BOOTSTRAP", "kafka-jumbo1001:9092,kafka-jumbo1002:9092")
                .containsEntry("CUTOVER_KAFKA_ROUTES_TOPIC", "eqiad.cutover.routes")
                .containsEntry("CUTOVER_KAFKA_REPORTS_TOPIC", "eqiad.cutover.reports")
                .containsEntry("CUTOVER_KAFKA_PROPERTIES", KAFKA_PROPERTIES);
        Set<String> cutoverEnv = new HashSet<>(env.keySet());
        cutoverEnv.removeIf(name -> !name.startsWith("CUTOVER_"));
        assertThat(SourceOptions.workerEnv()).as("variables the worker reads").containsAll(cutoverEnv);

        JsonNode volume = Manifests.volumeAt(Manifests.podSpec(cronJob), container, KAFKA_PROPERTIES);
        assertThat(volume.path("configMap").path("name").asText()).isEqualTo("cutover-refine-worker");
        assertThat(volume.path("configMap").path("items").get(0).path("path").asText()).isEqualTo("kafka.properties");
        assertThat(Manifests.configMap(rendered, "cutover-refine-worker").path("data").path("kafka.properties")
                .asText()).isEqualTo("security.protocol=SSL\nssl.truststore.location=/etc/ssl/kafka.jks\n");
        JsonNode executor = executorPod(rendered).path("spec");
        assertThat(executor.path("volumes").findValues("name")).extracting(JsonNode::asText)
                .as("executors never talk to Kafka").doesNotContain("kafka-properties");
        assertThat(executor.toString()).doesNotContain("CUTOVER_KAFKA");
    }

    @Test
    void aKafkaPropertiesSecretIsMountedInTheSparkApplicationDriversOnly() {
        for (boolean scheduled : List.of(false, true)) {
            Charts.Rendered rendered = render(set("sparkOperator.enabled", true, "sparkOperator.scheduled", scheduled,
                    "kafkaBootstrap", "kafka:9093", "kafkaPropertiesSecret", "cutover-kafka-client"));
            JsonNode app = rendered.ofKind(scheduled ? "ScheduledSparkApplication" : "SparkApplication").get(0);
            JsonNode spec = scheduled ? app.path("spec").path("template") : app.path("spec");
            JsonNode driver = spec.path("driver");
            Map<String, String> env = Manifests.env(driver, rendered);

            assertThat(env).as("scheduled=%s", scheduled).containsEntry("CUTOVER_KAFKA_BOOTSTRAP", "kafka:9093")
                    .containsEntry("CUTOVER_KAFKA_PROPERTIES", KAFKA_PROPERTIES);
            JsonNode volume = Manifests.volumeAt(spec, driver, KAFKA_PROPERTIES);
            assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("cutover-kafka-client");
            assertThat(volume.path("secret").path("items").get(0).path("key").asText()).isEqualTo("kafka.properties");
            assertThat(spec.path("executor").path("volumeMounts").findValues("name")).extracting(JsonNode::asText)
                    .doesNotContain("kafka-properties");
            assertThat(Manifests.configMap(rendered, "cutover-refine-worker").path("data").has("kafka.properties"))
                    .isFalse();
        }
    }

    @Test
    void kafkaTopicsAndTheControllerUrlFollowTheControllerRelease() {
        Charts.Rendered workers = render(set("controllerFullname", "team-a-cutover-controller",
                "kafkaBootstrap", "kafka:9092"));
        Charts.Rendered controller = Charts.render("cutover-controller", "team-a", "cutover", null,
                set("kafkaBootstrap", "kafka:9092"), tmp);
        JsonNode container = Manifests.container(cronJob(workers, "legacy"), "worker");
        Map<String, String> env = Manifests.env(container, workers);
        Map<String, String> controllerEnv = Manifests.env(Manifests.container(controller.one("Deployment"),
                "controller"), controller);

        assertThat(env).containsEntry("CUTOVER_KAFKA_ROUTES_TOPIC", "team-a-cutover-controller.routes")
                .containsEntry("CUTOVER_KAFKA_REPORTS_TOPIC", "team-a-cutover-controller.reports")
                .containsEntry("CUTOVER_CONTROLLER_URL", "http://team-a-cutover-controller:8080")
                .doesNotContainKey("CUTOVER_KAFKA_PROPERTIES");
        for (String name : List.of("CUTOVER_KAFKA_BOOTSTRAP", "CUTOVER_KAFKA_ROUTES_TOPIC",
                "CUTOVER_KAFKA_REPORTS_TOPIC")) {
            assertThat(env.get(name)).as(name + " of the workers and of the controller release")
                    .isEqualTo(controllerEnv.get(name));
        }
        assertThat(Manifests.argAfter(workerArgs(args(cronJob(workers, "legacy"))), "--controller"))
                .isEqualTo("http://" + controller.one("Service").path("metadata").path("name").asText() + ":8080");

        Charts.Rendered overridden = render(set("controllerFullname", "team-a-cutover-controller",
                "controllerUrl", "http://ctl.analytics.svc:9090", "kafkaBootstrap", "kafka:9092",
                "kafkaRoutesTopic", "eqiad.cutover.routes"));
        Map<String, String> explicit = Manifests.env(Manifests.container(cronJob(overridden, "legacy"), "worker"),
                overridden);
        assertThat(explicit).containsEntry("CUTOVER_CONTROLLER_URL", "http://ctl.analytics.svc:9090")
                .containsEntry("CUTOVER_KAFKA_ROUTES_TOPIC", "eqiad.cutover.routes")
                .containsEntry("CUTOVER_KAFKA_REPORTS_TOPIC", "team-a-cutover-controller.reports");

        Charts.Rendered http = render(Map.of());
        assertThat(Manifests.env(Manifests.container(cronJob(http, "legacy"), "worker"), http).keySet())
                .as("no Kafka without kafkaBootstrap").noneMatch(n -> n.startsWith("CUTOVER_KAFKA_"));
    }

    @Test
    void kafkaSettingsWithoutABootstrapOrBothPropertySourcesFail() {
        assertThatThrownBy(() -> render(set("kafkaRoutesTopic", "cutover.routes")))
                .hasMessageContaining("kafkaRoutesTopic is set without kafkaBootstrap: set kafkaBootstrap");
        assertThatThrownBy(() -> render(set("kafkaPropertiesSecret", "kafka-client")))
                .hasMessageContaining("kafkaPropertiesSecret is set without kafkaBootstrap");
        assertThatThrownBy(() -> render(set("kafkaBootstrap", "k:9092", "kafkaPropertiesSecret", "s",
                "kafkaProperties.security\\.protocol", "SSL")))
                .hasMessageContaining("set either kafkaProperties or kafkaPropertiesSecret, not both");
        assertThatThrownBy(() -> render(set("controllerFullname", "Team_A")))
                .hasMessageContaining("controllerFullname \"Team_A\" is not the controller release's fullname");
    }

    @Test
    void everyManifestCarriesTheStandardLabels() {
        Manifests.assertStandardLabels(render(set("kafkaBootstrap", "k:9092", "kafkaProperties.a", "b")), CHART,
                "cutover");
        Manifests.assertStandardLabels(render(set("sparkOperator.enabled", true)), CHART, "cutover");
        Manifests.assertStandardLabels(Charts.render(CHART, "blue", "analytics", null,
                set("sparkOperator.enabled", true, "sparkOperator.scheduled", true), tmp), CHART, "blue");
    }

    @Test
    void theStreamConfigIsMountedWhereConfigSourcePoints() {
        String streams = "{\"streams\": {\"eventlogging_NavigationTiming\": {\"schema_title\": \"analytics/legacy/navigationtiming\"}}}";
        Charts.Rendered rendered = render(set("streamConfig", streams));
        JsonNode cronJob = cronJob(rendered, "legacy");
        JsonNode container = Manifests.container(cronJob, "worker");
        String file = Manifests.argAfter(workerArgs(args(cronJob)), "--config-source");

        JsonNode volume = Manifests.volumeAt(Manifests.podSpec(cronJob), container, file);
        JsonNode data = Manifests.configMap(rendered, volume.path("configMap").path("name").asText()).path("data");
        JsonNode mount = container.path("volumeMounts").findParents("mountPath").stream()
                .filter(m -> file.equals(m.path("mountPath").asText())).findFirst().orElseThrow();
        assertThat(data.path(mount.path("subPath").asText()).asText().strip()).isEqualTo(streams);
    }

    @Test
    void workerArgumentsAreOptionsTheWorkerHas() {
        Charts.Rendered rendered = render(set("existingSecret", "t", "metastoreUris", "thrift://m:9083",
                "warehouseDir", "hdfs:///user/hive/warehouse", "transforms", "deduplicate",
                "extraArgs[0]", "--corrupt-threshold", "extraArgs[1]", "0.02"));
        Set<String> known = SourceOptions.workerOptions();

        for (JsonNode cronJob : rendered.ofKind("CronJob")) {
            List<String> options = workerArgs(args(cronJob)).stream().filter(a -> a.startsWith("--")).toList();
            assertThat(options).hasSizeGreaterThan(8);
            assertThat(known).as("the worker's options").containsAll(options);
        }
    }

    @Test
    void sparkOperatorToggleRendersOneSparkApplicationPerJob() {
        Charts.Rendered rendered = render(set("sparkOperator.enabled", true, "metastoreUris", "thrift://m:9083",
                "existingSecret", "cutover-token"));

        assertThat(rendered.ofKind("CronJob")).isEmpty();
        List<JsonNode> apps = rendered.ofKind("SparkApplication");
        assertThat(apps).extracting(a -> a.path("metadata").path("name").asText())
                .containsExactly("cutover-refine-worker-legacy", "cutover-refine-worker-airflow");
        JsonNode app = apps.get(0);
        assertThat(app.path("apiVersion").asText()).isEqualTo("sparkoperator.k8s.io/v1beta2");
        JsonNode spec = app.path("spec");
        assertThat(spec.path("mainClass").asText()).isEqualTo("dev.cutover.worker.WorkerMain");
        assertThat(spec.path("mainApplicationFile").asText()).isEqualTo("local://" + APP_JAR);
        assertThat(spec.path("mode").asText()).isEqualTo("cluster");
        List<String> arguments = Manifests.strings(spec.path("arguments"));
        assertThat(arguments.subList(0, 3)).containsExactly("work", "--job", "legacy");
        assertThat(arguments).contains("--loop", "spark.hadoop.hive.metastore.uris=thrift://m:9083");
        assertThat(SourceOptions.workerOptions())
                .containsAll(arguments.stream().filter(a -> a.startsWith("--")).toList());
        assertThat(spec.path("restartPolicy").path("type").asText()).isEqualTo("Always");
        assertThat(spec.path("driver").path("serviceAccount").asText()).isEqualTo("cutover-refine-worker");
        assertThat(spec.path("driver").path("env").findValues("name")).extracting(JsonNode::asText)
                .contains("CUTOVER_CONTROLLER_URL", "CUTOVER_RAW_DIR", "CUTOVER_SCHEMA_REPO", "CUTOVER_TOKEN_FILE");
        assertThat(spec.path("volumes").findValues("secretName")).extracting(JsonNode::asText).contains("cutover-token");
        for (String role : List.of("driver", "executor")) {
            JsonNode sc = spec.path(role).path("securityContext");
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(role).isTrue();
            assertThat(spec.path(role).path("podSecurityContext").path("runAsNonRoot").asBoolean()).as(role).isTrue();
        }
    }

    @Test
    void scheduledSparkApplicationRunsHourlyLikeTheCronJob() {
        Charts.Rendered rendered = render(set("sparkOperator.enabled", true, "sparkOperator.scheduled", true));

        List<JsonNode> apps = rendered.ofKind("ScheduledSparkApplication");
        assertThat(apps).hasSize(2);
        JsonNode spec = apps.get(1).path("spec");
        assertThat(spec.path("schedule").asText()).isEqualTo("10 * * * *");
        assertThat(spec.path("concurrencyPolicy").asText()).isEqualTo("Forbid");
        List<String> arguments = Manifests.strings(spec.path("template").path("arguments"));
        assertThat(arguments.subList(0, 3)).containsExactly("work", "--job", "airflow");
        assertThat(arguments).contains("--until-idle").doesNotContain("--loop");
        assertThat(spec.path("template").path("restartPolicy").path("type").asText()).isEqualTo("Never");
    }

    @Test
    void twoReleasesInOneNamespaceDoNotCollide() {
        Charts.Rendered blue = Charts.render(CHART, "blue", "analytics", null, Map.of(), tmp);
        Charts.Rendered green = Charts.render(CHART, "green", "analytics", null, Map.of(), tmp);

        Set<String> shared = new HashSet<>(blue.names());
        shared.retainAll(green.names());
        assertThat(shared).isEmpty();
        assertThat(args(cronJob(green, "legacy"))).contains("spark.kubernetes.executor.podNamePrefix=green-refine-worker-legacy");
        assertThat(green.text()).doesNotContain("blue-");
    }

    @Test
    void securityContextIsRestrictedForDriverAndExecutors() throws Exception {
        Charts.Rendered rendered = render(Map.of());
        JsonNode cronJob = cronJob(rendered, "legacy");
        JsonNode driverPod = Manifests.podSpec(cronJob);
        JsonNode executorPod = Charts.YAML.readTree(rendered.one("ConfigMap").path("data").path("executor-pod.yaml")
                .asText()).path("spec");

        for (JsonNode[] podAndContainer : List.of(
                new JsonNode[] {driverPod, Manifests.container(cronJob, "worker")},
                new JsonNode[] {executorPod, executorPod.path("containers").get(0)})) {
            JsonNode pod = podAndContainer[0];
            JsonNode sc = podAndContainer[1].path("securityContext");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(Manifests.strings(sc.path("capabilities").path("drop"))).containsExactly("ALL");
            assertThat(Manifests.volumeAt(pod, podAndContainer[1], "/tmp").has("emptyDir")).isTrue();
        }
        JsonNode role = rendered.one("Role");
        assertThat(Manifests.strings(role.path("rules").get(0).path("resources"))).contains("pods")
                .doesNotContain("secrets");
    }

    @Test
    void longReleaseNamesKeepKubernetesNameLimits() {
        Charts.Rendered rendered = Charts.render(CHART, "analytics-test-hadoop-refine-workers-eqiad", "analytics", """
                jobs:
                  - name: legacy-systemd-timers-eqiad-1
                """, Map.of(), tmp);
        JsonNode cronJob = rendered.one("CronJob");

        assertThat(cronJob.path("metadata").path("name").asText()).hasSizeLessThanOrEqualTo(52)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        String prefix = args(cronJob).stream().filter(a -> a.startsWith("spark.kubernetes.executor.podNamePrefix="))
                .findFirst().orElseThrow().split("=", 2)[1];
        assertThat(prefix).hasSizeLessThanOrEqualTo(47).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void badJobNamesFailWithTheRule() {
        assertThatThrownBy(() -> render(set("jobs[0].name", "Legacy_Timers")))
                .hasMessageContaining("job name \"Legacy_Timers\" is invalid: use 1-31 lower-case letters");
        assertThatThrownBy(() -> Charts.render(CHART, "cutover", "cutover", "jobs: [{name: legacy}, {name: legacy}]",
                Map.of(), tmp)).hasMessageContaining("job \"legacy\" is listed twice");
        assertThatThrownBy(() -> render(set("jobs[1].name", "airflow")))
                .hasMessageContaining("jobs: every entry needs a name");
        assertThatThrownBy(() -> render(set("controllerUrl", "cutover-controller:8080")))
                .hasMessageContaining("controllerUrl \"cutover-controller:8080\" is not an http(s) URL");
    }
}
