package dev.cutover.controller.cli;

import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.Responses;
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
        Responses.Streams streams;
        try {
            streams = http.client().streams();
        } catch (ApiCallException e) {
            throw http.explain(e);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STREAM", "PHASE", "LEADER", "EPOCH", "CUTOVER", "LAST VERDICTS", "PROBLEMS"});
        for (Responses.StreamSummary s : streams.streams()) {
            List<String> verdicts = new ArrayList<>();
            s.lastVerdicts().forEach(v -> verdicts.add(v.replaceFirst("^\\S+T(\\d\\d) ", "$1h:")));
            rows.add(new String[] {s.stream(), s.phase(), s.leader(), Long.toString(s.epoch()),
                    s.cutoverHour() == null ? "-" : s.cutoverHour().toString(),
                    verdicts.isEmpty() ? "-" : String.join(" ", verdicts),
                    s.problems().isEmpty() ? "" : s.problems().get(0)});
        }
        System.out.print(Table.render(rows));
        return 0;
    }
}
