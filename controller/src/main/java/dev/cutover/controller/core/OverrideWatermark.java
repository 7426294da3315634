package dev.cutover.controller.core;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.api.ApiPaths;
import dev.cutover.streamconfig.Snapshot;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a layered config snapshot may be acted on (I4 for the writable override layer). The layer only ever
 * counts up, so a layer at a LOWER revision than one this controller already applied or wrote (recorded in the audit
 * log, which the route log keeps and restores) was lost, replaced by an older copy, or is not the shared one (another
 * replica's empty file). Acting on it would show promoted streams' flags back at their base value and roll them back
 * although nobody asked for it; so such a snapshot is held: nothing of it is applied and routes are kept, until the
 * layer is restored or the reset is accepted explicitly (audited).
 *
 * @param known the lowest revision the layer may be at (folded from the audit log, raised by every revision this
 *              controller applies or writes)
 * @param hold  why the newest fetched snapshot is held, when it is
 */
public record OverrideWatermark(long known, Optional<String> hold) {

    public static final OverrideWatermark NONE = new OverrideWatermark(0, Optional.empty());

    /** The watermark an audit log stands for, folded in sequence order. */
    public static OverrideWatermark of(List<AuditEvent> events) {
        OverrideWatermark mark = NONE;
        for (AuditEvent event : events.stream().sorted(Comparator.comparingLong(AuditEvent::seq)).toList()) {
            mark = mark.fold(event);
        }
        return mark;
    }

    /** One event further: the highest revision any event stands for, except that an accept sets it. */
    public OverrideWatermark fold(AuditEvent event) {
        if (event.acceptsOverrideRevision()) {
            return new OverrideWatermark(event.overrideRevision(), hold);
        }
        return event.overrideRevision() == null ? this : raisedTo(event.overrideRevision());
    }

    public OverrideWatermark raisedTo(long revision) {
        return revision <= known ? this : new OverrideWatermark(revision, hold);
    }

    /**
     * Why {@code snapshot} must be held, or empty when it may be applied: a layered snapshot whose override revision
     * is below {@link #known}. A snapshot without an override revision (no layer configured) is never held.
     */
    public Optional<String> check(Snapshot snapshot, Optional<LayerInfo> layer) {
        OptionalLong revision = snapshot.overrideRevision();
        if (layer.isEmpty() || revision.isEmpty() || revision.getAsLong() >= known) {
            return Optional.empty();
        }
        return Optional.of(message(revision.getAsLong(), known, layer.get().file(), layer.get().exists()));
    }

    public OverrideWatermark holding(Optional<String> reason) {
        return new OverrideWatermark(known, reason);
    }

    /** The audited acceptance of a layer that went back to {@code revision}: it is the expected one from now on. */
    public OverrideWatermark accepted(long revision) {
        return new OverrideWatermark(revision, Optional.empty());
    }

    static String message(long revision, long known, Path file, boolean fileExists) {
        String state = fileExists ? "is at revision " + revision : "is missing (an empty layer, revision 0)";
        return "override layer " + file + " went backwards: it " + state + " but this controller already applied or"
                + " wrote revision " + known + " (route log audit events). Nothing from it is applied and routes are"
                + " kept, so no promoted stream is rolled back. Restore the file (a backup, or the copy the previous"
                + " controller wrote; its history is in the file), or point --override-file / CUTOVER_OVERRIDE_FILE at"
                + " the shared copy; if the reset is deliberate, accept it (audited): POST "
                + ApiPaths.ACCEPT_OVERRIDE_LAYER + " {\"revision\": " + revision + ", \"who\": \"...\", \"why\": \"...\"}";
    }
}
