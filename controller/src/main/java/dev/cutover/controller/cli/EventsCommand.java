package dev.cutover.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ./cutover events}: the audit log. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print the audit log: who did what to which stream, why, when, at which config revision.")
final class EventsCommand implements Callable<Integer> {

    @Mixin
    HttpOptions http;

    @Option(names = "--since", defaultValue = "0", description = "Only events after this sequence number.")
    long since;

    @Option(names = "--stream", description = "Only this stream's events.")
    String stream;

    @Override
    public Integer call() throws Exception {
        for (JsonNode e : http.get("/v1/events?since=" + since).path("events")) {
            if (stream != null && !stream.equals(e.path("stream").asText())) {
                continue;
            }
            System.out.printf("#%d %s %s [%s] %s%n    why: %s (config %s)%n", e.path("seq").asLong(),
                    e.path("at").asText(), e.path("stream").asText(), e.path("who").asText(), e.path("what").asText(),
                    e.path("why").asText(), e.path("config_revision").asText("-"));
        }
        return 0;
    }
}
