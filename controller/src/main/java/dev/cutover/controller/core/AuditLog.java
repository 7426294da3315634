package dev.cutover.controller.core;

import dev.cutover.controller.model.Note;
import dev.cutover.protocol.AuditEvent;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log as the controller numbers it: events in order, each with the next sequence number. Persistent
 * (appending shares the existing events). {@link #stamp} turns a reconciler's {@link Note} into an event.
 */
public record AuditLog(PVector<AuditEvent> events, long lastSeq) {

    public static final AuditLog EMPTY = new AuditLog(TreePVector.empty(), 0);

    public static AuditLog of(List<AuditEvent> events) {
        return new AuditLog(TreePVector.from(events),
                events.stream().mapToLong(AuditEvent::seq).max().orElse(0));
    }

    /**
     * A new event numbered after everything in this log and after {@code drafted}, the events stamped but not yet
     * appended in the same step.
     *
     * @param stream           empty for an event of the whole controller
     * @param configRevision   the config version the controller acts on (or the content hash)
     * @param overrideRevision the override-layer revision it had applied or just written, if any
     */
    public AuditEvent stamp(List<AuditEvent> drafted, Instant at, String stream, Note note, String configRevision,
                            Long overrideRevision) {
        long seq = lastSeq + drafted.size() + 1;
        return new AuditEvent(seq, at, stream, note.who(), note.what(), note.why(), configRevision, overrideRevision,
                null);
    }

    /** The log with {@code more} appended (as numbered by {@link #stamp}, or as another controller numbered them). */
    public AuditLog plus(List<AuditEvent> more) {
        if (more.isEmpty()) {
            return this;
        }
        long seq = Math.max(lastSeq, more.stream().mapToLong(AuditEvent::seq).max().orElse(0));
        return new AuditLog(events.plusAll(more), seq);
    }

    /** Events after {@code since}, at most {@code limit}, oldest first. */
    public List<AuditEvent> since(long since, int limit) {
        List<AuditEvent> found = new ArrayList<>();
        int start = firstAfter(since);
        for (int i = start; i < events.size() && found.size() < limit; i++) {
            found.add(events.get(i));
        }
        return found;
    }

    /** The index of the first event with a sequence number above {@code since} (events are in order). */
    private int firstAfter(long since) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).seq() <= since) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
