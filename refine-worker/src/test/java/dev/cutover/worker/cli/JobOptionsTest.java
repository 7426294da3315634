package dev.cutover.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.worker.transform.TransformChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {

    @Test
    void perJobOptionBeatsTheJobConfigFileWhichBeatsTheCommonListWhichBeatsTheDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("jobs.yaml"), """
                jobs:
                  airflow:
                    transforms: [remove_canary_events, "drop_columns(meta.uri)@eventlogging_NavigationTiming"]
                  extra:
                    transforms: deduplicate
                """);
        JobOptions options = new JobOptions();
        options.jobConfig = file;
        options.transforms = "remove_canary_events";
        options.jobTransforms.put("extra", "add_normalized_host");
        Map<String, TransformChain> chains = options.chains(List.of("legacy", "airflow", "extra"));
        assertThat(chains.get("legacy").toString()).isEqualTo("remove_canary_events");
        assertThat(chains.get("airflow").toString())
                .isEqualTo("remove_canary_events,drop_columns(meta.uri)@eventlogging_NavigationTiming");
        assertThat(chains.get("extra").toString()).isEqualTo("add_normalized_host");
        assertThat(new JobOptions().chains(List.of("legacy")).get("legacy").toString()).isEqualTo(TransformChain.DEFAULTS);
    }

    @Test
    void badJobNamesAndBadListsNameTheJob() {
        JobOptions options = new JobOptions();
        assertThatThrownBy(() -> options.chains(List.of("Bad Job"))).hasMessageContaining("Bad Job");
        options.jobTransforms.put("airflow", "nope");
        assertThatThrownBy(() -> options.chains(List.of("airflow"))).hasMessageContaining("transforms of job airflow")
                .hasMessageContaining("nope");
    }
}
