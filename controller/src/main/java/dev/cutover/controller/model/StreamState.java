package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.LeasePolicy;
import dev.cutover.protocol.Routing;
import dev.cutover.protocol.Segment;
import dev.cutover.streamconfig.CutoverSettings;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the controller has decided for one stream: phase, epoch and routing history. This is what the
 * route log stores (one record per stream, compacted by stream). Immutable; "with" methods return copies.
 * The routing rule itself lives in the protocol ({@link Routing}, {@link dev.cutover.protocol.RouteTable}).
 *
 * @param cutoverHour     the hour H of the current or last cutover (rollback restores from it); null before any
 * @param promotedAt      when the cutover hour was committed by the new leader (start of the soak); null otherwise
 * @param suspendedPhase  the phase to return to when an INVALID or ORPHANED stream becomes valid again
 * @param overridden      preflight block overridden by a person (audited); cleared when the flag is reverted
 * @param decommissionRequested an explicit decommission request is pending
 * @param evidenceFrom    canary evidence counts from this hour on (set by a rollback: hours compared before it
 *                        do not promote the stream again); null = from the current segment
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamState(@JsonProperty("stream") String stream,
                          @JsonProperty("phase") Phase phase,
                          @JsonProperty("epoch") long epoch,
                          @JsonProperty("segments") List<Segment> segments,
                          @JsonProperty("cutover_hour") Hour cutoverHour,
                          @JsonProperty("promoted_at") Instant promotedAt,
                          @JsonProperty("suspended_phase") Phase suspendedPhase,
                          @JsonProperty("problems") List<String> problems,
                          @JsonProperty("overridden") boolean overridden,
                          @JsonProperty("decommission_requested") boolean decommissionRequested,
                          @JsonProperty("phase_since") Instant phaseSince,
                          @JsonProperty("evidence_from") Hour evidenceFrom) {

    /** The first segment of every stream starts here: legacy led before the controller existed. */
    public static final Hour BEGINNING = Routing.BEGINNING;

    public StreamState {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(phase, "phase");
        try {
            segments = new Routing(epoch, segments).segments();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stream " + stream + ": " + e.getMessage(), e);
        }
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** A newly managed stream: legacy leads from the beginning, under epoch 1 (no lease terms recorded). */
    public static StreamState initial(String stream, String legacyJob, Instant now) {
        return initial(stream, legacyJob, Routing.initial(legacyJob), now);
    }

    /** A newly managed stream published at {@code now}: legacy leads under epoch 1, with {@code leases}' lease. */
    public static StreamState initial(String stream, String legacyJob, Instant now, LeasePolicy leases) {
        return initial(stream, legacyJob, Routing.initial(legacyJob, now, leases), now);
    }

    /**
     * A newly managed stream published at {@code now} with {@code leases}' lease, under the epoch after
     * {@code highestBefore} (the highest epoch it ever had; 0: none). A stream managed again may still have writers
     * of its old epoch: its hours are writable only once their leases have ended.
     */
    public static StreamState initial(String stream, String legacyJob, Instant now, LeasePolicy leases,
                                      long highestBefore) {
        if (highestBefore <= 0) {
            return initial(stream, legacyJob, now, leases);
        }
        long epoch = highestBefore + 1;
        Instant notBefore = now.plus(leases.length()).plus(leases.margin());
        Routing routing = new Routing(epoch, List.of(new Segment(BEGINNING, epoch, legacyJob, false, now,
                leases.length().toMillis(), notBefore)));
        return initial(stream, legacyJob, routing, now);
    }

    private static StreamState initial(String stream, String legacyJob, Routing routing, Instant now) {
        return new StreamState(stream, Phase.SHADOW, routing.epoch(), routing.segments(), null, null, null, List.of(),
                false, false, now, null);
    }

    /**
     * A stream managed again after its state was lost: legacy leads from the beginning under the epoch after
     * {@code highestBefore}, the highest epoch it ever had (0: none), so no epoch is handed out twice.
     */
    public static StreamState initial(String stream, String legacyJob, Instant now, long highestBefore) {
        long epoch = Math.max(1, highestBefore + 1);
        return new StreamState(stream, Phase.SHADOW, epoch, List.of(new Segment(BEGINNING, epoch, legacyJob, false)),
                null, null, null, List.of(), false, false, now, null);
    }

    /**
     * This state with its epoch raised to {@code highest} when it is below (its routes unchanged): the next routing
     * change then gets an epoch no route ever had.
     */
    public StreamState withEpochAtLeast(long highest) {
        return highest <= epoch ? this : new StreamState(stream, phase, highest, segments, cutoverHour, promotedAt,
                suspendedPhase, problems, overridden, decommissionRequested, phaseSince, evidenceFrom);
    }

    /** The routing history: epoch and segments. */
    @JsonIgnore
    public Routing routing() {
        return new Routing(epoch, segments);
    }

    /** The segment in force for {@code hour}. */
    public Segment segmentFor(Hour hour) {
        return routing().segmentFor(hour);
    }

    /**
     * The phase the routes and the work lists follow: the phase itself, or while the stream is INVALID or ORPHANED
     * (routes kept) the phase it resumes. A rollback, a cutover or a decommission suspended that way goes on.
     */
    @JsonIgnore
    public Phase underlyingPhase() {
        return (phase == Phase.INVALID || phase == Phase.ORPHANED) && suspendedPhase != null ? suspendedPhase : phase;
    }

    @JsonIgnore
    public Segment currentSegment() {
        return segments.get(segments.size() - 1);
    }

    @JsonIgnore
    public String currentLeader() {
        return currentSegment().leader();
    }

    public Optional<Hour> cutover() {
        return Optional.ofNullable(cutoverHour);
    }

    public Optional<Instant> promoted() {
        return Optional.ofNullable(promotedAt);
    }

    /** The database {@code job} should have written {@code hour} into; null when it should not write. */
    public String databaseFor(String job, Hour hour, CutoverSettings settings) {
        return routing().database(job, hour, Databases.of(settings)).orElse(null);
    }

    public StreamState withPhase(Phase next, Instant now) {
        return next == phase ? this : new StreamState(stream, next, epoch, segments, cutoverHour, promotedAt,
                suspendedPhase, problems, overridden, decommissionRequested, now, evidenceFrom);
    }

    public StreamState withProblems(List<String> next) {
        return new StreamState(stream, phase, epoch, segments, cutoverHour, promotedAt, suspendedPhase, next,
                overridden, decommissionRequested, phaseSince, evidenceFrom);
    }

    public StreamState withSuspendedPhase(Phase suspended) {
        return new StreamState(stream, phase, epoch, segments, cutoverHour, promotedAt, suspended, problems,
                overridden, decommissionRequested, phaseSince, evidenceFrom);
    }

    public StreamState withOverridden(boolean value) {
        return new StreamState(stream, phase, epoch, segments, cutoverHour, promotedAt, suspendedPhase, problems,
                value, decommissionRequested, phaseSince, evidenceFrom);
    }

    public StreamState withDecommissionRequested(boolean value) {
        return new StreamState(stream, phase, epoch, segments, cutoverHour, promotedAt, suspendedPhase, problems,
                overridden, value, phaseSince, evidenceFrom);
    }

    public StreamState withPromotedAt(Instant value) {
        return new StreamState(stream, phase, epoch, segments, cutoverHour, value, suspendedPhase, problems,
                overridden, decommissionRequested, phaseSince, evidenceFrom);
    }

    public StreamState withEvidenceFrom(Hour value) {
        return new StreamState(stream, phase, epoch, segments, cutoverHour, promotedAt, suspendedPhase, problems,
                overridden, decommissionRequested, phaseSince, value);
    }

    /** The first hour whose verdicts count as canary evidence for promoting the stream. */
    public Hour canaryFrom() {
        Hour from = currentSegment().fromHour();
        return evidenceFrom != null && evidenceFrom.isAfter(from) ? evidenceFrom : from;
    }

    /**
     * Publishes a routing change: from {@code from} on, {@code leader} leads under a new epoch. Segments that
     * started at or after {@code from} are replaced (a rollback re-routes the hours of the cutover it undoes).
     */
    public StreamState withRoutesFrom(Hour from, String leader, boolean secondaryStopped, Hour newCutoverHour) {
        return withRouting(routing().from(from, leader, secondaryStopped), newCutoverHour);
    }

    /**
     * {@link #withRoutesFrom(Hour, String, boolean, Hour)} published at {@code now} with write lease terms: the new
     * segment's hours are written under the new epoch only once older writers' leases have ended
     * ({@link Routing#from(Hour, String, boolean, Instant, LeasePolicy)}).
     */
    public StreamState withRoutesFrom(Hour from, String leader, boolean secondaryStopped, Hour newCutoverHour,
                                      Instant now, LeasePolicy leases) {
        return withRouting(routing().from(from, leader, secondaryStopped, now, leases), newCutoverHour);
    }

    private StreamState withRouting(Routing next, Hour newCutoverHour) {
        return new StreamState(stream, phase, next.epoch(), next.segments(), newCutoverHour, promotedAt,
                suspendedPhase, problems, overridden, decommissionRequested, phaseSince, evidenceFrom);
    }
}
