package dev.cutover.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading pods out of rendered manifests: containers, env (through ConfigMap references), volumes, args. */
final class Manifests {

    private Manifests() {
    }

    /** The pod spec of a Deployment, CronJob or Job. */
    static JsonNode podSpec(JsonNode workload) {
        return switch (workload.path("kind").asText()) {
            case "CronJob" -> workload.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            default -> workload.path("spec").path("template").path("spec");
        };
    }

    static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : podSpec(workload).path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + workload);
    }

    /**
     * A container's environment as the kubelet would see it: literal values, and values taken from the
     * rendered ConfigMaps by {@code configMapKeyRef}; downward-API variables as {@code fieldRef:<path>}.
     */
    static Map<String, String> env(JsonNode container, Charts.Rendered rendered) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.path("value").asText());
            } else if (e.path("valueFrom").has("fieldRef")) {
                env.put(name, "fieldRef:" + e.path("valueFrom").path("fieldRef").path("fieldPath").asText());
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                env.put(name, "secretKeyRef:" + ref.path("name").asText() + "/" + ref.path("key").asText());
            } else if (e.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                JsonNode data = configMap(rendered, ref.path("name").asText()).path("data");
                if (!data.has(ref.path("key").asText())) {
                    throw new AssertionError("env " + name + " refers to missing key " + ref + " of " + data);
                }
                env.put(name, data.path(ref.path("key").asText()).asText());
            }
        }
        return env;
    }

    static JsonNode configMap(Charts.Rendered rendered, String name) {
        return rendered.ofKind("ConfigMap").stream()
                .filter(c -> name.equals(c.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + name + " in " + rendered.names()));
    }

    static Optional<JsonNode> volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The volume mounted at {@code path} (or at a parent folder of it) in {@code container}. */
    static JsonNode volumeAt(JsonNode podSpec, JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            String mount = m.path("mountPath").asText();
            if (path.equals(mount) || path.startsWith(mount.endsWith("/") ? mount : mount + "/")) {
                return volume(podSpec, m.path("name").asText())
                        .orElseThrow(() -> new AssertionError("mount " + m + " has no volume"));
            }
        }
        throw new AssertionError("nothing mounted at " + path + " in " + container.path("volumeMounts"));
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    /**
     * Fails unless every manifest carries the standard labels of {@code chart} (a chart directory name) released
     * as {@code release}: app.kubernetes.io/name, instance, version, managed-by and helm.sh/chart, with the values
     * Chart.yaml gives.
     */
    static void assertStandardLabels(Charts.Rendered rendered, String chart, String release) {
        JsonNode chartYaml;
        try {
            chartYaml = Charts.YAML.readTree(Charts.chart(chart).resolve("Chart.yaml").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> expected = Map.of(
                "app.kubernetes.io/name", chartYaml.path("name").asText(),
                "app.kubernetes.io/instance", release,
                "app.kubernetes.io/version", chartYaml.path("appVersion").asText(),
                "app.kubernetes.io/managed-by", "Helm",
                "helm.sh/chart", chartYaml.path("name").asText() + "-" + chartYaml.path("version").asText());
        if (rendered.manifests().isEmpty()) {
            throw new AssertionError("nothing rendered");
        }
        for (JsonNode manifest : rendered.manifests()) {
            JsonNode labels = manifest.path("metadata").path("labels");
            expected.forEach((label, value) -> {
                if (!value.equals(labels.path(label).asText(null))) {
                    throw new AssertionError(manifest.path("kind").asText() + "/"
                            + manifest.path("metadata").path("name").asText() + " has label " + label + "="
                            + labels.path(label).asText(null) + ", expected " + value + " (labels: " + labels + ")");
                }
            });
        }
    }

    /** The value following {@code option} in an argument list. */
    static String argAfter(List<String> args, String option) {
        int i = args.indexOf(option);
        if (i < 0 || i + 1 >= args.size()) {
            throw new AssertionError(option + " not in " + args);
        }
        return args.get(i + 1);
    }
}
