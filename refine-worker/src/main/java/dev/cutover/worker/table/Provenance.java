package dev.cutover.worker.table;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.worker.commit.StorageFence;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who wrote a committed partition: stored as Hive partition parameters ({@code cutover.*}) in the same
 * metastore call that makes the partition visible, and as {@code _COMMIT.json} in the partition directory
 * (written before the swap). {@code source} is the database a copy came from. {@code rows} and
 * {@code checksum} cover the whole (stream, hour), i.e. all datacenter partitions of the hour together
 * ({@code partitions} of them), computed during the write pass with {@code checksum_algo} (see
 * {@link Checksums#ALGORITHM}); a copy computes its own during its write, nothing is inherited. Each
 * partition additionally records {@link #FILES}, the digest of its data files (see {@link PartitionFiles}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(@JsonProperty("job") String job, @JsonProperty("stream") String stream,
                         @JsonProperty("epoch") long epoch, @JsonProperty("action") String action,
                         @JsonProperty("committed_at") String committedAt, @JsonProperty("rows") long rows,
                         @JsonProperty("checksum") String checksum,
                         @JsonProperty("schema_fingerprint") String schemaFingerprint,
                         @JsonProperty("source") String source, @JsonProperty("commit_id") String commitId,
                         @JsonProperty("checksum_algo") String checksumAlgo,
                         @JsonProperty("partitions") Integer partitions) {

    static final String PREFIX = "cutover.";
    /** Per-partition parameter: the digest of the partition's data files at commit time. */
    public static final String FILES = PREFIX + "files";

    public Map<String, String> toParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(PREFIX + "job", job);
        p.put(PREFIX + "stream", stream);
        p.put(StorageFence.EPOCH_PARAMETER, Long.toString(epoch));
        p.put(PREFIX + "action", action);
        p.put(PREFIX + "committed_at", committedAt);
        p.put(PREFIX + "rows", Long.toString(rows));
        p.put(PREFIX + "checksum", checksum);
        p.put(PREFIX + "schema_fingerprint", schemaFingerprint);
        if (source != null) {
            p.put(PREFIX + "source", source);
        }
        p.put(PREFIX + "commit_id", commitId);
        if (checksumAlgo != null) {
            p.put(PREFIX + "checksum_algo", checksumAlgo);
        }
        if (partitions != null) {
            p.put(PREFIX + "partitions", Integer.toString(partitions));
        }
        return p;
    }

    /** The provenance recorded in partition parameters; empty for a partition Cutover never wrote. */
    public static Optional<Provenance> fromParameters(Map<String, String> p) {
        if (!p.containsKey(PREFIX + "job")) {
            return Optional.empty();
        }
        return Optional.of(new Provenance(p.get(PREFIX + "job"), p.get(PREFIX + "stream"),
                Long.parseLong(p.getOrDefault(StorageFence.EPOCH_PARAMETER, "0")), p.get(PREFIX + "action"),
                p.get(PREFIX + "committed_at"), Long.parseLong(p.getOrDefault(PREFIX + "rows", "0")),
                p.get(PREFIX + "checksum"), p.get(PREFIX + "schema_fingerprint"), p.get(PREFIX + "source"),
                p.get(PREFIX + "commit_id"), p.get(PREFIX + "checksum_algo"), partitions(p.get(PREFIX + "partitions"))));
    }

    private static Integer partitions(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether a partition parameter is one of Cutover's (each commit writes its own, none is carried over). */
    public static boolean owns(String key) {
        return key.startsWith(PREFIX);
    }
}
