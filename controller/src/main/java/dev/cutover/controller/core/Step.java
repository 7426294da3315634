package dev.cutover.controller.core;

import java.util.ArrayList;
import java.util.List;

/** What one step decided: the next state and the effects to perform, in order. */
public record Step(ControllerState next, List<Effect> effects) {

    public Step {
        effects = List.copyOf(effects);
    }

    /** Nothing changes, nothing happens (apart from the given effects, e.g. a log line). */
    public static Step stay(ControllerState state, Effect... effects) {
        return new Step(state, List.of(effects));
    }

    /** A mutable list of effects, for steps that collect them as they go. */
    public static List<Effect> collecting() {
        return new ArrayList<>();
    }
}
