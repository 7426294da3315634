package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.StreamState;

import java.util.List;
import java.util.Optional;

/**
 * What one reconcile decided, as data: the stream's next state (empty = not managed, nothing to store), the
 * audit notes explaining it, and an optional write to the writable config layer. The executor applies it.
 */
public record Decision(Optional<StreamState> next, List<Note> notes, Optional<FlagChange> flagChange) {

    public Decision {
        notes = List.copyOf(notes);
    }

    public static Decision unmanaged() {
        return new Decision(Optional.empty(), List.of(), Optional.empty());
    }
}
