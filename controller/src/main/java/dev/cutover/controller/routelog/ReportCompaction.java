package dev.cutover.controller.routelog;

import dev.cutover.controller.model.Commit;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.Report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which reports restore still needs: the newest OK report per (stream, hour, database) for refine, copy and
 * drop, and the newest OK compare per (stream, hour). Failed and aborted reports change no state and go.
 * Sequence numbers are kept, so verdict freshness survives compaction. A kept refine or copy that reran the same
 * job's commit carries that commit's first landing ({@link ReportRecord#landedAt()}), so timeliness survives it too.
 */
final class ReportCompaction {

    private ReportCompaction() {
    }

    static List<ReportRecord> compact(List<ReportRecord> reports) {
        Map<String, ReportRecord> latest = new LinkedHashMap<>();
        Map<String, Commit> commits = new HashMap<>();
        for (ReportRecord record : reports) {
            Report r = record.report();
            if (!r.ok() || r.stream() == null || r.hour() == null || r.action() == null) {
                continue;
            }
            String target = r.action() == WorkAction.COMPARE ? "compare" : "db:" + r.database();
            String key = r.stream() + "\u0000" + r.hour() + "\u0000" + target;
            latest.put(key, record);
            if (r.action() == WorkAction.REFINE || r.action() == WorkAction.COPY) {
                // only the job and the landing matter here: the same rule as the observations' fold
                commits.put(key, new Commit(r.job(), r.database(), r.epoch(), r.action(), null, null, record.seq(),
                        StreamObservations.landing(commits.get(key), record), null));
            } else if (r.action() == WorkAction.DROP) {
                commits.remove(key);
            }
        }
        List<ReportRecord> kept = new ArrayList<>();
        latest.forEach((key, record) -> {
            Commit commit = commits.get(key);
            if (record.report().action() == WorkAction.DROP) {
                return;
            }
            Instant landing = commit == null ? null : commit.landedAt();
            kept.add(commit == null || Objects.equals(landing, record.landing()) ? record
                    : record.withLandedAt(landing));
        });
        kept.sort(Comparator.comparingLong(ReportRecord::seq));
        return kept;
    }
}
