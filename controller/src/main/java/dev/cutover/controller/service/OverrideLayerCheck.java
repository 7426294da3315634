package dev.cutover.controller.service;

import dev.cutover.controller.model.AuditEvent;
import dev.cutover.streamconfig.Snapshot;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a layered config snapshot may be acted on (I4 for the writable override layer). The override layer only
 * ever counts up, so a layer at a LOWER revision than one this controller already applied or wrote (recorded in
 * the audit log, which the route log keeps and restores) was lost, replaced by an older copy, or is not the shared
 * one (another replica's empty file). Acting on it would show promoted streams' flags back at their base value and
 * roll them back although nobody asked for it; so such a snapshot is held: nothing of it is applied and routes
 * are kept, until the layer is restored or the reset is accepted explicitly (audited). Pure.
 */
public final class OverrideLayerCheck {

    /** The accept call's path on the controller API. */
    public static final String ACCEPT_PATH = "/v1/override-layer/accept";

    /** {@code LayeredConfigSource}'s snapshot version ends with {@code +overrides.r<revision>}. */
    private static final Pattern REVISION = Pattern.compile("\\+overrides\\.r(\\d+)$");

    private OverrideLayerCheck() {
    }

    /** The override-layer revision a layered snapshot (or a recorded config revision) was built from, if any. */
    public static OptionalLong revisionOf(String version) {
        if (version == null) {
            return OptionalLong.empty();
        }
        Matcher m = REVISION.matcher(version);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    public static OptionalLong revisionOf(Snapshot snapshot) {
        return snapshot.version().map(OverrideLayerCheck::revisionOf).orElse(OptionalLong.empty());
    }

    /** The override revision an event stands for: its own field, or (older events) the one in its config revision. */
    public static OptionalLong revisionOf(AuditEvent event) {
        return event.overrideRevision() != null ? OptionalLong.of(event.overrideRevision())
                : revisionOf(event.configRevision());
    }

    /**
     * The revision the layer must have at least, folded from the audit log in order: the highest revision any event
     * stands for, except that an accept event sets it to the accepted revision.
     */
    public static long highestKnown(List<AuditEvent> events) {
        long known = 0;
        for (AuditEvent event : events.stream().sorted(Comparator.comparingLong(AuditEvent::seq)).toList()) {
            known = fold(known, event);
        }
        return known;
    }

    /** {@link #highestKnown} one event further. */
    public static long fold(long known, AuditEvent event) {
        if (event.acceptsOverrideRevision()) {
            return event.overrideRevision();
        }
        OptionalLong revision = revisionOf(event);
        return revision.isPresent() ? Math.max(known, revision.getAsLong()) : known;
    }

    /**
     * Why a snapshot must be held, or empty when it may be applied: a layered snapshot whose override revision is
     * below {@code known}. A snapshot without an override revision (no layer configured) is never held.
     *
     * @param file       the override layer's file, for the message
     * @param fileExists whether that file exists now
     */
    public static Optional<String> hold(Snapshot snapshot, long known, Path file, boolean fileExists) {
        OptionalLong revision = revisionOf(snapshot);
        if (revision.isEmpty() || revision.getAsLong() >= known) {
            return Optional.empty();
        }
        return Optional.of(message(revision.getAsLong(), known, file, fileExists));
    }

    static String message(long revision, long known, Path file, boolean fileExists) {
        String state = fileExists ? "is at revision " + revision : "is missing (an empty layer, revision 0)";
        return "override layer " + file + " went backwards: it " + state + " but this controller already applied or"
                + " wrote revision " + known + " (route log audit events). Nothing from it is applied and routes are"
                + " kept, so no promoted stream is rolled back. Restore the file (a backup, or the copy the previous"
                + " controller wrote; its history is in the file), or point --override-file / CUTOVER_OVERRIDE_FILE at"
                + " the shared copy; if the reset is deliberate, accept it (audited): POST " + ACCEPT_PATH
                + " {\"revision\": " + revision + ", \"who\": \"...\", \"why\": \"...\"}";
    }
}
