package dev.cutover.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class InvocationFormatsTest {

    private static final Invocation RUN = Invocation.of(Hour.parse("2026-11-22T07"), Hour.parse("2026-11-22T10"),
            "event", List.of("mediawiki_page_create", "navigationtiming"),
            List.of("mediawiki.page-create", "eventlogging_NavigationTiming"));

    @Test
    void refineArgsAreRefinesOwnOptionsWithOffsetTimesAndTheRegexQuoted() {
        assertThat(InvocationFormats.refineArgs(RUN)).isEqualTo("--output_database=event"
                + " --table_include_regex='^(?:mediawiki_page_create|navigationtiming)$'"
                + " --since=2026-11-22T07:00:00Z --until=2026-11-22T10:00:00Z");
    }

    @Test
    void anOutputPathTemplateGivesEachDatabaseItsOwnPath() {
        Optional<InvocationFormats.OutputPath> path =
                Optional.of(new InvocationFormats.OutputPath("/wmf/data/{database}"));
        assertThat(InvocationFormats.refineArgs(RUN, path)).startsWith("--output_path=/wmf/data/event"
                + " --output_database=event --table_include_regex=");
        assertThat(ProtocolJson.read(InvocationFormats.airflowConf(RUN, path), JsonNode.class).path("output_path")
                .asText()).isEqualTo("/wmf/data/event");
        assertThat(InvocationFormats.airflowConf(RUN)).doesNotContain("output_path");
        assertThat(InvocationFormats.refineArgs(RUN, Optional.of(new InvocationFormats.OutputPath("/a b/{database}"))))
                .startsWith("--output_path='/a b/event' ");
        assertThatThrownBy(() -> new InvocationFormats.OutputPath("/wmf/data/event"))
                .hasMessage("output path '/wmf/data/event' has no {database}: each database needs its own path (the"
                        + " shadow tables must not share production's files), e.g. /wmf/data/{database}");
    }

    @Test
    void airflowConfIsOneJsonObjectPerRunWithRefinesTimes() {
        String line = InvocationFormats.airflowConf(RUN);
        assertThat(line).doesNotContain("\n");
        JsonNode conf = ProtocolJson.read(line, JsonNode.class);
        assertThat(conf.path("output_database").asText()).isEqualTo("event");
        assertThat(conf.path("table_include_regex").asText()).isEqualTo("^(?:mediawiki_page_create|navigationtiming)$");
        assertThat(conf.path("since").asText()).isEqualTo("2026-11-22T07:00:00Z");
        assertThat(conf.path("until").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(conf.path("tables").size()).isEqualTo(2);
    }

    @Test
    void shellQuotingLeavesSafeWordsAndQuotesEverythingElse() {
        assertThat(InvocationFormats.shellQuote("event_airflow")).isEqualTo("event_airflow");
        assertThat(InvocationFormats.shellQuote("2026-11-22T07:00:00Z")).isEqualTo("2026-11-22T07:00:00Z");
        assertThat(InvocationFormats.shellQuote("^(?:a|b)$")).isEqualTo("'^(?:a|b)$'");
        assertThat(InvocationFormats.shellQuote("it's")).isEqualTo("'it'\\''s'");
        assertThat(InvocationFormats.shellQuote("")).isEqualTo("''");
        assertThat(InvocationFormats.shellQuote("a b")).isEqualTo("'a b'");
    }

    /** What a POSIX shell makes of the quoted words: each comes back as it was, one argument each. */
    @Test
    void aShellReadsEachQuotedWordBackAsItWas() throws Exception {
        Path sh = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(sh), "no /bin/sh on this machine");
        List<String> words = List.of("^(?:a|b)$", "it's", "", "a b", "$HOME", "`id`", "back\\slash", "*", "x\"y",
                "new\nline", "!bang", "~tilde", "semi;colon", "2026-11-22T07:00:00Z");
        StringBuilder script = new StringBuilder("for a in");
        words.forEach(w -> script.append(' ').append(InvocationFormats.shellQuote(w)));
        script.append("; do printf '%s\\0' \"$a\"; done");
        Process process = new ProcessBuilder(sh.toString(), "-c", script.toString()).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(split(new String(out, StandardCharsets.UTF_8))).containsExactlyElementsOf(words);
    }

    private static List<String> split(String nulSeparated) throws IOException {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < nulSeparated.length(); i++) {
            if (nulSeparated.charAt(i) == '\0') {
                words.add(nulSeparated.substring(start, i));
                start = i + 1;
            }
        }
        if (start != nulSeparated.length()) {
            throw new IOException("output not NUL-terminated: " + nulSeparated);
        }
        return words;
    }

    @Test
    void formatsAreNamedAsTheCliTakesThem() {
        assertThat(InvocationFormats.Format.parse("refine-args")).isEqualTo(InvocationFormats.Format.REFINE_ARGS);
        assertThat(InvocationFormats.Format.parse("airflow-conf")).isEqualTo(InvocationFormats.Format.AIRFLOW_CONF);
        assertThat(InvocationFormats.Format.parse("json")).isEqualTo(InvocationFormats.Format.JSON);
        assertThatThrownBy(() -> InvocationFormats.Format.parse("yaml"))
                .hasMessage("unknown format 'yaml'; use one of json, refine-args, airflow-conf");
    }

    @Test
    void aRegexEscapesWhatIsNotATableNameCharacter() {
        assertThat(Invocation.includeRegex(List.of("a.b", "c"))).isEqualTo("^(?:a\\.b|c)$");
        assertThat("a.b").matches(Invocation.includeRegex(List.of("a.b")));
        assertThat("axb").doesNotMatch(Invocation.includeRegex(List.of("a.b")));
        assertThatThrownBy(() -> Invocation.includeRegex(List.of())).hasMessageContaining("at least one table");
    }
}
