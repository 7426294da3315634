package dev.cutover.controller.service;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.Revision;

import java.util.Optional;

/**
 * Writes the flag in the writable override layer: the same path an engineer (or {@code ./cutover promote}) takes.
 * Promote sets the flag to the production database; revert removes the layer's entry so the base shows through,
 * and when the layer has no entry (the base itself says production), sets the new job's shadow database.
 */
public final class FlagWriter {

    private final OverrideLayer layer;
    private final CutoverSettings settings;

    public FlagWriter(OverrideLayer layer, CutoverSettings settings) {
        this.layer = layer;
        this.settings = settings;
    }

    /**
     * Applies the change unless the layer already says so.
     *
     * @return the layer revision written; empty when nothing needed writing
     */
    public Optional<Revision> apply(FlagChange change) {
        String production = settings.productionDatabase().value();
        Optional<String> current = layer.get(change.stream(), settings.flagPointer()).map(n -> n.asText());
        if (change.kind() == FlagChange.Kind.PROMOTE) {
            if (current.filter(production::equals).isPresent()) {
                return Optional.empty();
            }
            return Optional.of(layer.set(change.stream(), settings.flagPointer(), TextNode.valueOf(production),
                    change.who(), change.why()));
        }
        if (current.isPresent() && !current.get().equals(production)) {
            return Optional.empty();
        }
        if (current.isPresent()) {
            return Optional.of(layer.revert(change.stream(), settings.flagPointer(), change.who(), change.why()));
        }
        return Optional.of(layer.set(change.stream(), settings.flagPointer(),
                TextNode.valueOf(settings.newShadow().value()), change.who(), change.why()));
    }

    public OverrideLayer layer() {
        return layer;
    }
}
