package dev.cutover.controller.core;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.api.ApiPaths;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.OverrideLineage;
import dev.cutover.streamconfig.Snapshot;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a layered config snapshot may be acted on (I4 for the writable override layer). The controller records
 * the head of every layer version it applies or writes (revision and hash, in the audit log, which the route log
 * keeps and restores). A snapshot whose layer is not that head nor a later version of it ({@link
 * OverrideLineage#descendsFrom}) is held: an older copy (a lower revision), an older copy written to after it was
 * restored (the revision caught up, the history is another: a fork), another replica's empty file, or a layer whose
 * hash chain does not verify (rewritten by hand). Acting on it would show promoted streams' flags back at their base
 * value and roll them back although nobody asked for it; so nothing of it is applied and routes are kept, until the
 * layer is restored or it is accepted explicitly (audited).
 *
 * @param recorded the head the layer must be or descend from (folded from the audit log, moved on by every layer
 *                 version this controller applies or writes; revision only for heads recorded before layers had
 *                 hashes)
 * @param hold     why the newest fetched snapshot is held, when it is
 */
public record OverrideWatermark(OverrideHead recorded, Optional<String> hold) {

    public static final OverrideWatermark NONE = new OverrideWatermark(OverrideHead.revisionOnly(0), Optional.empty());

    /** A watermark that knows the revision only (as recorded before layers had hashes). */
    public OverrideWatermark(long known, Optional<String> hold) {
        this(OverrideHead.revisionOnly(known), hold);
    }

    /** The watermark an audit log stands for, folded in sequence order. */
    public static OverrideWatermark of(List<AuditEvent> events) {
        OverrideWatermark mark = NONE;
        for (AuditEvent event : events.stream().sorted(Comparator.comparingLong(AuditEvent::seq)).toList()) {
            mark = mark.fold(event);
        }
        return mark;
    }

    /** The recorded revision: the lowest one the layer may be at. */
    public long known() {
        return recorded.revision();
    }

    /** One event further: the newest head any event records, except that an accept sets it. */
    public OverrideWatermark fold(AuditEvent event) {
        if (event.overrideRevision() == null) {
            return this;
        }
        OverrideHead head = new OverrideHead(event.overrideRevision(), Optional.ofNullable(event.overrideHash()));
        return event.acceptsOverrideRevision() ? new OverrideWatermark(head, hold) : movedTo(head);
    }

    /**
     * The layer at {@code head} was applied or written: it is the recorded head from now on when it is newer (a
     * higher revision), or the same revision with the hash this one lacked. Never goes back.
     */
    public OverrideWatermark movedTo(OverrideHead head) {
        boolean newer = head.revision() > known()
                || (head.revision() == known() && recorded.hash().isEmpty() && head.hash().isPresent());
        return newer ? new OverrideWatermark(head, hold) : this;
    }

    public OverrideWatermark raisedTo(long revision) {
        return movedTo(OverrideHead.revisionOnly(revision));
    }

    /**
     * Why {@code snapshot} must be held, or empty when it may be applied: a layered snapshot whose layer does not
     * descend from the recorded head. A snapshot without an override revision (no layer configured) is never held;
     * one without a lineage (saved before layers had hashes) is compared by revision while no hash is recorded, and
     * held once one is (which layer it was built from cannot be told).
     */
    public Optional<String> check(Snapshot snapshot, Optional<LayerInfo> layer) {
        if (layer.isEmpty() || snapshot.overrideRevision().isEmpty()) {
            return Optional.empty();
        }
        long revision = snapshot.overrideRevision().getAsLong();
        Optional<OverrideLineage> lineage = snapshot.overrideLineage();
        boolean descends = lineage.map(l -> l.descendsFrom(recorded)).orElseGet(() -> known() == 0
                || (recorded.hash().isEmpty() && revision >= known()));
        if (descends) {
            return Optional.empty();
        }
        return Optional.of(message(lineage.map(OverrideLineage::head).orElse(OverrideHead.revisionOnly(revision)),
                lineage.flatMap(OverrideLineage::problem), recorded, layer.get().file(), layer.get().exists()));
    }

    public OverrideWatermark holding(Optional<String> reason) {
        return new OverrideWatermark(recorded, reason);
    }

    /** The audited acceptance of the layer at {@code head}: it is the recorded head from now on. */
    public OverrideWatermark accepted(OverrideHead head) {
        return new OverrideWatermark(head, Optional.empty());
    }

    public OverrideWatermark accepted(long revision) {
        return accepted(OverrideHead.revisionOnly(revision));
    }

    static String message(OverrideHead layer, Optional<String> problem, OverrideHead recorded, Path file,
                          boolean fileExists) {
        String what;
        if (problem.isPresent()) {
            what = " was rewritten: it is at " + layer.describe() + " but its history does not verify (" + problem.get()
                    + "), and this controller already applied or wrote " + recorded.describe() + ".";
        } else if (!fileExists) {
            what = " went backwards: it is missing (an empty layer, revision 0) but this controller already applied or"
                    + " wrote " + recorded.describe() + ".";
        } else if (layer.revision() < recorded.revision()) {
            what = " went backwards: it is at " + layer.describe() + " but this controller already applied or wrote "
                    + recorded.describe() + ".";
        } else {
            what = " was replaced: it is at " + layer.describe() + " but its history does not contain "
                    + recorded.describe() + ", which this controller already applied or wrote (an older copy written to"
                    + " after it was restored, or another layer).";
        }
        return "override layer " + file + what + " Nothing from it is applied and routes are kept, so no promoted"
                + " stream is rolled back; the CLI does not write into it either. Restore the file (a backup, or the"
                + " copy the previous controller wrote; its history is in the file), or point --override-file /"
                + " CUTOVER_OVERRIDE_FILE at the shared copy; if this layer is the one to keep, accept it (audited):"
                + " POST " + ApiPaths.ACCEPT_OVERRIDE_LAYER + " {\"revision\": " + layer.revision()
                + ", \"who\": \"...\", \"why\": \"...\"}";
    }
}
