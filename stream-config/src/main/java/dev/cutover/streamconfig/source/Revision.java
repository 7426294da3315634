package dev.cutover.streamconfig.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One write to the {@link OverrideLayer}: an audit record.
 *
 * @param number   the layer revision this write produced (1, 2, ...)
 * @param stream   the stream (config key) the entry belongs to
 * @param pointer  where in the stream's settings, e.g. {@code /consumers/analytics_hive_ingestion/hive_database}
 * @param oldValue the override layer's value there before the write (empty: the layer had none, so the base
 *                 value showed through); this is not the base config's value
 * @param newValue the layer's value after the write (empty after a revert: the base value shows through)
 * @param who      who wrote it (a person or {@code controller/auto-promote})
 * @param why      why (free text: a ticket, "3 consecutive PASS hours", ...)
 * @param at       when, from the layer's clock
 * @param seal     its link in the layer's hash chain; empty for a write made before layers had hashes
 * @param also     the other streams this one write changed at the same pointer (a stream group moves in one
 *                 revision); empty for a write of one stream
 */
public record Revision(long number, String stream, JsonPointer pointer, Optional<JsonNode> oldValue,
                       Optional<JsonNode> newValue, String who, String why, Instant at, Optional<Seal> seal,
                       List<Edit> also) {

    /** Another stream's entry changed by the same write: its layer value before and after. */
    public record Edit(String stream, Optional<JsonNode> oldValue, Optional<JsonNode> newValue) {
        public Edit {
            Objects.requireNonNull(stream, "stream");
            oldValue = oldValue.map(JsonNode::deepCopy);
            newValue = newValue.map(JsonNode::deepCopy);
        }
    }

    /** A write of one stream. */
    public Revision(long number, String stream, JsonPointer pointer, Optional<JsonNode> oldValue,
                    Optional<JsonNode> newValue, String who, String why, Instant at, Optional<Seal> seal) {
        this(number, stream, pointer, oldValue, newValue, who, why, at, seal, List.of());
    }

    /**
     * A write's link in the override layer's hash chain (see {@link OverrideLayer}).
     *
     * @param prevHash    the head hash of the layer this write was made on
     * @param streamsHash the hash of the layer's {@code streams} after this write
     * @param hash        the hash of this entry (all its fields but {@code hash}): the layer's head after it
     */
    public record Seal(String prevHash, String streamsHash, String hash) {
        public Seal {
            Objects.requireNonNull(prevHash, "prevHash");
            Objects.requireNonNull(streamsHash, "streamsHash");
            Objects.requireNonNull(hash, "hash");
        }
    }

    /** A write not (yet) linked into the hash chain. */
    public Revision(long number, String stream, JsonPointer pointer, Optional<JsonNode> oldValue,
                    Optional<JsonNode> newValue, String who, String why, Instant at) {
        this(number, stream, pointer, oldValue, newValue, who, why, at, Optional.empty());
    }

    public Revision {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(pointer, "pointer");
        oldValue = oldValue.map(JsonNode::deepCopy);
        newValue = newValue.map(JsonNode::deepCopy);
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(seal, "seal");
        also = also == null ? List.of() : List.copyOf(also);
    }

    /** Every stream this write changed, {@link #stream()} first. */
    public List<String> streams() {
        List<String> all = new java.util.ArrayList<>();
        all.add(stream);
        also.forEach(e -> all.add(e.stream()));
        return List.copyOf(all);
    }

    /** The same write linked into the chain with {@code next}. */
    public Revision sealed(Seal next) {
        return new Revision(number, stream, pointer, oldValue, newValue, who, why, at, Optional.of(next), also);
    }

    /** The same write without its link (a chain that no longer verifies is re-started after an accept). */
    public Revision unsealed() {
        return new Revision(number, stream, pointer, oldValue, newValue, who, why, at, Optional.empty(), also);
    }

    /** The hash of this entry in the layer's chain, when it has one. */
    public Optional<String> hash() {
        return seal.map(Seal::hash);
    }

    /** True for a revert that found nothing to remove: nothing was written and no revision was used. */
    public boolean isNoop() {
        return oldValue.isEmpty() && newValue.isEmpty() && also.isEmpty();
    }
}
