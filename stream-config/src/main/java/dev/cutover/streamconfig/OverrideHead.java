package dev.cutover.streamconfig;

import java.util.Objects;
import java.util.Optional;

/**
 * One version of the writable override layer: its revision (the number of writes) and the hash that identifies its
 * content and history (see {@code OverrideLayer}: the head of its hash chain). Two layers with the same revision but
 * different content or history have different hashes.
 *
 * @param revision the layer's revision (0: empty or missing)
 * @param hash     {@code sha256:<hex>}; empty only for a head recorded before layers had hashes (then only the
 *                 revision can be compared)
 */
public record OverrideHead(long revision, Optional<String> hash) {

    public OverrideHead {
        if (revision < 0) {
            throw new IllegalArgumentException("an override layer revision is never negative (got " + revision + ")");
        }
        Objects.requireNonNull(hash, "hash");
    }

    public static OverrideHead of(long revision, String hash) {
        return new OverrideHead(revision, Optional.of(hash));
    }

    /** A head known by its revision only (recorded before layers had hashes). */
    public static OverrideHead revisionOnly(long revision) {
        return new OverrideHead(revision, Optional.empty());
    }

    /** For messages: {@code revision 2 (sha256:1f0c3a9e72b4)}, the hash shortened to 12 hex digits. */
    public String describe() {
        return "revision " + revision + hash.map(h -> " (" + h.substring(0, Math.min(h.length(), 19)) + ")")
                .orElse("");
    }
}
