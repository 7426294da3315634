package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.StreamState;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile decided, as data: the stream's next state (empty = not managed, nothing to store), the
 * audit notes explaining it, an optional write to the writable config layer, and the next states of the other
 * members of its group when the group cuts over or rolls back together (stored with this one, in one batch).
 * The executor applies it.
 */
public record Decision(Optional<StreamState> next, List<Note> notes, Optional<FlagChange> flagChange,
                       Map<String, Decision> group) {

    public Decision {
        notes = List.copyOf(notes);
        group = Map.copyOf(group);
    }

    public Decision(Optional<StreamState> next, List<Note> notes, Optional<FlagChange> flagChange) {
        this(next, notes, flagChange, Map.of());
    }

    public static Decision unmanaged() {
        return new Decision(Optional.empty(), List.of(), Optional.empty());
    }
}
