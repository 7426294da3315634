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
        description = {"Show each stream's phase, leader, epoch, last verdicts and LATE hours.",
                "LATE: how many hours of the canary window the new job landed late (canary.timeliness of the plan),"
                        + " and the newest; '-' when none."})
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
        rows.add(new String[] {"STREAM", "PHASE", "LEADER", "EPOCH", "CUTOVER", "LAST VERDICTS", "LATE", "PROBLEMS"});
        for (Responses.StreamSummary s : streams.streams()) {
            List<String> verdicts = new ArrayList<>();
            s.lastVerdicts().forEach(v -> verdicts.add(v.replaceFirst("^\\S+T(\\d\\d) ", "$1h:")));
            rows.add(new String[] {s.stream(), s.phase(), s.leader(), Long.toString(s.epoch()),
                    s.cutoverHour() == null ? "-" : s.cutoverHour().toString(),
                    verdicts.isEmpty() ? "-" : String.join(" ", verdicts), late(s),
                    s.problems().isEmpty() ? "" : s.problems().get(0)});
        }
        System.out.print(Table.render(rows));
        return 0;
    }

    /**
     * {@code -}, or the number of LATE hours in the canary window and the newest, e.g.
     * {@code 2 (last 2026-11-22T07)}.
     */
    static String late(Responses.StreamSummary s) {
        return s.lateHours().isEmpty() ? "-"
                : s.lateHours().size() + " (last " + s.lateHours().get(s.lateHours().size() - 1) + ")";
    }
}
