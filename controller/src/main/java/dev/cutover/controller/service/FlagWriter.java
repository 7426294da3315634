package dev.cutover.controller.service;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.Revision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the flag in the writable override layer: the same path an engineer (or {@code ./cutover promote}) takes.
 * Promote sets the flag to the production database; revert removes the layer's entry so the base shows through,
 * and when the layer has no entry (the base itself says production), sets the new job's shadow database. A writer
 * that knows which version of the layer it expects (the controller: its recorded head; the CLI: the controller's)
 * passes it, and nothing is written into a layer that is not that version or a later one
 * ({@link OverrideLayer.WriteRefused}). A change of several streams (a stream group) is one revision.
 */
public final class FlagWriter {

    private final OverrideLayer layer;
    private final CutoverSettings settings;

    public FlagWriter(OverrideLayer layer, CutoverSettings settings) {
        this.layer = layer;
        this.settings = settings;
    }

    /** {@link #apply(FlagChange, Optional)} without an expected version of the layer. */
    public Optional<Revision> apply(FlagChange change) {
        return apply(change, Optional.empty());
    }

    /**
     * Applies the change unless the layer already says so.
     *
     * @param expected the version of the layer the writer knows (it must be that one or a later one), if any
     * @return the layer revision written; empty when nothing needed writing
     * @throws OverrideLayer.WriteRefused when the layer is not {@code expected} nor a later version of it, or its
     *                                    hash chain does not verify (nothing was written)
     */
    public Optional<Revision> apply(FlagChange change, Optional<OverrideHead> expected) {
        String production = settings.productionDatabase().value();
        List<OverrideLayer.Change> changes = new ArrayList<>();
        for (String stream : change.streams()) {
            Optional<String> current = layer.get(stream, settings.flagPointer()).map(n -> n.asText());
            if (change.kind() == FlagChange.Kind.PROMOTE) {
                if (current.filter(production::equals).isEmpty()) {
                    changes.add(new OverrideLayer.Change(stream, Optional.of(TextNode.valueOf(production))));
                }
            } else if (current.isEmpty()) {
                changes.add(new OverrideLayer.Change(stream, Optional.of(TextNode.valueOf(
                        settings.newShadow().value()))));
            } else if (current.get().equals(production)) {
                changes.add(new OverrideLayer.Change(stream, Optional.empty()));
            }
        }
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(layer.write(changes, settings.flagPointer(), change.who(), change.why(), expected));
    }

    public OverrideLayer layer() {
        return layer;
    }
}
