package dev.cutover.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./cutover status}: one line per managed stream. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each stream's phase, leader, epoch and last verdicts.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    HttpOptions http;

    @Override
    public Integer call() throws Exception {
        JsonNode streams = http.get("/v1/streams").path("streams");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STREAM", "PHASE", "LEADER", "EPOCH", "CUTOVER", "LAST VERDICTS", "PROBLEMS"});
        for (JsonNode s : streams) {
            List<String> verdicts = new ArrayList<>();
            s.path("last_verdicts").forEach(v -> verdicts.add(v.asText().replaceFirst("^\\S+T(\\d\\d) ", "$1h:")));
            rows.add(new String[] {s.path("stream").asText(), s.path("phase").asText(), s.path("leader").asText(),
                    s.path("epoch").asText(), s.path("cutover_hour").asText("-").replace("null", "-"),
                    verdicts.isEmpty() ? "-" : String.join(" ", verdicts),
                    s.path("problems").isEmpty() ? "" : s.path("problems").get(0).asText()});
        }
        System.out.print(Table.render(rows));
        return 0;
    }
}
