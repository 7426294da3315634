package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the audit log ({@code GET /v1/events}, the Kafka events topic): who did what, to which stream (none
 * for an event of the whole controller, e.g. an override-layer revision), why, when, and at which config revision.
 *
 * <p>{@code override_revision} is the override-layer revision the controller had applied (or had just written)
 * when it recorded the event; the highest one in the log is what a restarted or newly active controller expects of
 * the layer at least. {@code override_hash} is that layer version's head hash (its hash chain; absent in events
 * recorded before layers had hashes): with it, the newest recorded head is what the layer must be or descend from.
 * {@code override_accepted} marks the audited acceptance of a layer that went back or was replaced on purpose: from
 * that event on, its head is the expected one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditEvent(@JsonProperty("seq") long seq,
                         @JsonProperty("at") Instant at,
                         @JsonProperty("stream") String stream,
                         @JsonProperty("who") String who,
                         @JsonProperty("what") String what,
                         @JsonProperty("why") String why,
                         @JsonProperty("config_revision") String configRevision,
                         @JsonProperty("override_revision") @JsonInclude(JsonInclude.Include.NON_NULL)
                         Long overrideRevision,
                         @JsonProperty("override_accepted") @JsonInclude(JsonInclude.Include.NON_NULL)
                         Boolean overrideAccepted,
                         @JsonProperty("override_hash") @JsonInclude(JsonInclude.Include.NON_NULL)
                         String overrideHash) {

    /** An event without override-layer information. */
    public AuditEvent(long seq, Instant at, String stream, String who, String what, String why,
                      String configRevision) {
        this(seq, at, stream, who, what, why, configRevision, null, null, null);
    }

    /** An event with the override-layer revision only (as recorded before layers had hashes). */
    public AuditEvent(long seq, Instant at, String stream, String who, String what, String why,
                      String configRevision, Long overrideRevision, Boolean overrideAccepted) {
        this(seq, at, stream, who, what, why, configRevision, overrideRevision, overrideAccepted, null);
    }

    /** The same event recording the override layer at {@code revision} with head hash {@code hash}. */
    public AuditEvent withOverrideHead(Long revision, String hash) {
        return new AuditEvent(seq, at, stream, who, what, why, configRevision, revision, overrideAccepted, hash);
    }

    /** The stream this event is about; empty for an event of the whole controller. */
    @JsonIgnore
    public Optional<String> subject() {
        return Optional.ofNullable(stream);
    }

    /** Whether this event records the audited acceptance of an override layer that went back. */
    @JsonIgnore
    public boolean acceptsOverrideRevision() {
        return Boolean.TRUE.equals(overrideAccepted) && overrideRevision != null;
    }

    /** One line for people: {@code #12 2026-11-22T10:00:00Z eventlogging_X alice: what (why: ...)}. */
    public String describe() {
        return "#" + seq + " " + at + " " + subject().orElse("(controller)") + " " + who + ": " + what
                + (why == null || why.isBlank() ? "" : " (why: " + why + ")");
    }
}
