package dev.cutover.controller.service;

import dev.cutover.streamconfig.source.SourceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's settings: defaults, the User-Agent for MediaWiki API sources, every problem at once. */
class ControllerConfigTest {

    @TempDir
    Path dir;

    private Map<String, String> base() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("config-source", "https://meta.wikimedia.org/w/api.php");
        values.put("plan", Files.writeString(dir.resolve("plan.yaml"), "cluster: t\norder: [s]\n").toString());
        return values;
    }

    @Test
    void userAgentDefaultsToCutoversAndCanNameTheTeam() throws Exception {
        assertThat(ControllerConfig.fromMap(base()).userAgent()).isEqualTo(SourceOptions.DEFAULT_USER_AGENT);
        Map<String, String> values = base();
        values.put("user-agent", "Cutover (data-platform@example.org)");
        assertThat(ControllerConfig.fromMap(values).userAgent()).isEqualTo("Cutover (data-platform@example.org)");
        assertThat(ControllerConfig.envName("user-agent")).isEqualTo("CUTOVER_USER_AGENT");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("plan", dir.resolve("missing.yaml").toString());
        values.put("port", "70000");
        values.put("poll-interval", "soon");
        values.put("token-file", dir.resolve("no-token").toString());
        assertThatThrownBy(() -> ControllerConfig.fromMap(values))
                .isInstanceOfSatisfying(ControllerConfig.InvalidConfigException.class, e -> assertThat(e.problems())
                        .hasSize(5)
                        .anySatisfy(p -> assertThat(p).contains("--config-source").contains("CUTOVER_CONFIG_SOURCE"))
                        .anySatisfy(p -> assertThat(p).contains("missing.yaml").contains("no such file"))
                        .anySatisfy(p -> assertThat(p).contains("70000").contains("out of range"))
                        .anySatisfy(p -> assertThat(p).contains("--poll-interval"))
                        .anySatisfy(p -> assertThat(p).contains("no-token")));
    }

    @Test
    void theContentOfAnExistingPlanIsValidatedInTheSamePassAsTheOptions() throws Exception {
        Map<String, String> values = base();
        Path plan = Files.writeString(dir.resolve("bad-plan.yaml"), "cluster: t\nsoak: forever\ncolour: blue\n");
        values.put("plan", plan.toString());
        values.put("port", "http");

        assertThatThrownBy(() -> ControllerConfig.fromMap(values))
                .isInstanceOfSatisfying(ControllerConfig.InvalidConfigException.class, e -> assertThat(e.problems())
                        .hasSize(4)
                        .anySatisfy(p -> assertThat(p).isEqualTo("--port 'http' is not a number"))
                        .anySatisfy(p -> assertThat(p).startsWith("--plan " + plan + ": order:"))
                        .anySatisfy(p -> assertThat(p).startsWith("--plan " + plan + ": soak:"))
                        .anySatisfy(p -> assertThat(p).startsWith("--plan " + plan + ": unknown key 'colour'")));
    }

    @Test
    void theLoadedPlanResolvesItsOverrideLayerAgainstTheStateDir() throws Exception {
        Map<String, String> values = base();
        Files.writeString(Path.of(values.get("plan")), "cluster: t\norder: [s]\noverride_layer: layer.json\n");
        values.put("state-dir", dir.resolve("state").toString());

        ControllerConfig config = ControllerConfig.fromMap(values);

        assertThat(config.migrationPlan().cluster()).isEqualTo("t");
        assertThat(config.migrationPlan().overrideLayer()).contains(dir.resolve("state").resolve("layer.json"));
    }
}
