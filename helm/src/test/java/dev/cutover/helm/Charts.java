package dev.cutover.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the charts under the helm module's base directory with the Helm library (helm-java), the way
 * {@code helm template RELEASE CHART --namespace NS -f values.yaml --set k=v} does, and parses the manifests.
 */
final class Charts {

    static final YAMLMapper YAML = new YAMLMapper();

    private Charts() {
    }

    /** A chart directory: {@code <helm module>/<name>}. Surefire runs in the module's base directory. */
    static Path chart(String name) {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
            throw new IllegalStateException("no chart at " + dir + " (run the tests from the helm module)");
        }
        return dir;
    }

    /** Renders {@code chart} as release {@code release} in {@code namespace}; values given as YAML text and --set pairs. */
    static Rendered render(String chart, String release, String namespace, String valuesYaml, Map<String, ?> set,
                           Path tmp) {
        TemplateCommand template = new Helm(chart(chart)).template().withName(release).withNamespace(namespace);
        if (valuesYaml != null && !valuesYaml.isBlank()) {
            try {
                Path file = Files.createTempFile(tmp, "values-", ".yaml");
                Files.writeString(file, valuesYaml);
                template = template.withValuesFile(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Map.Entry<String, ?> e : set.entrySet()) {
            template = template.set(e.getKey(), e.getValue());
        }
        return Rendered.parse(template.call());
    }

    static Rendered render(String chart, String release, Map<String, ?> set, Path tmp) {
        return render(chart, release, "cutover", null, set, tmp);
    }

    static Map<String, Object> set(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The manifests of one rendering, in order. */
    record Rendered(String text, List<JsonNode> manifests) {

        static Rendered parse(String text) {
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                        docs.add(doc);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("rendered manifests are not YAML:\n" + text, e);
            }
            return new Rendered(text, List.copyOf(docs));
        }

        List<JsonNode> ofKind(String kind) {
            return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
        }

        JsonNode one(String kind) {
            List<JsonNode> found = ofKind(kind);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + ", found " + found.size() + " in:\n" + text);
            }
            return found.get(0);
        }

        /** kind/name of every manifest. */
        List<String> names() {
            return manifests.stream().map(m -> m.path("kind").asText() + "/" + m.path("metadata").path("name").asText())
                    .toList();
        }
    }
}
