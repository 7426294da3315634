package dev.cutover.controller.model;

import java.util.List;

/**
 * A write to the writable config layer that the controller asks for (automated promotion or rollback).
 * It goes through the same path as a person editing config; the controller then reacts to the new config.
 *
 * @param kind  set the flag to the production database, or revert the entry (legacy leads again)
 * @param who   {@code auto-promoter} or {@code auto-rollback}
 * @param why   the evidence
 * @param also  the other streams the same write changes the same way (a stream group: one override revision)
 */
public record FlagChange(String stream, Kind kind, String who, String why, List<String> also) {

    public enum Kind { PROMOTE, REVERT }

    public FlagChange {
        also = also == null ? List.of() : List.copyOf(also);
    }

    public FlagChange(String stream, Kind kind, String who, String why) {
        this(stream, kind, who, why, List.of());
    }

    /** Every stream the write changes, {@link #stream()} first. */
    public List<String> streams() {
        List<String> all = new java.util.ArrayList<>();
        all.add(stream);
        all.addAll(also);
        return List.copyOf(all);
    }
}
