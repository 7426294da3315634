package dev.cutover.controller.routelog;

import dev.cutover.controller.model.ReportRecord;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.Report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which reports restore still needs: the newest OK report per (stream, hour, database) for refine, copy and
 * drop, and the newest OK compare per (stream, hour). Failed and aborted reports change no state and go.
 * Sequence numbers are kept, so verdict freshness survives compaction.
 */
final class ReportCompaction {

    private ReportCompaction() {
    }

    static List<ReportRecord> compact(List<ReportRecord> reports) {
        Map<String, ReportRecord> latest = new LinkedHashMap<>();
        for (ReportRecord record : reports) {
            Report r = record.report();
            if (!r.ok() || r.stream() == null || r.hour() == null || r.action() == null) {
                continue;
            }
            String target = r.action() == WorkAction.COMPARE ? "compare" : "db:" + r.database();
            latest.put(r.stream() + "\u0000" + r.hour() + "\u0000" + target, record);
        }
        List<ReportRecord> kept = new ArrayList<>(latest.values());
        kept.removeIf(record -> record.report().action() == WorkAction.DROP);
        kept.sort(Comparator.comparingLong(ReportRecord::seq));
        return kept;
    }
}
