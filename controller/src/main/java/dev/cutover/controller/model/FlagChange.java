package dev.cutover.controller.model;

/**
 * A write to the writable config layer that the controller asks for (automated promotion or rollback).
 * It goes through the same path as a person editing config; the controller then reacts to the new config.
 *
 * @param kind  set the flag to the production database, or revert the entry (legacy leads again)
 * @param who   {@code auto-promoter} or {@code auto-rollback}
 * @param why   the evidence
 */
public record FlagChange(String stream, Kind kind, String who, String why) {

    public enum Kind { PROMOTE, REVERT }
}
