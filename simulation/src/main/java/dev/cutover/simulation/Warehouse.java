package dev.cutover.simulation;

import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.commit.InMemoryMetastore;
import dev.cutover.worker.commit.PartitionRef;
import dev.cutover.worker.commit.StorageFence;
import dev.cutover.worker.commit.TableRef;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated warehouse: one {@link InMemoryMetastore} behind the real commit protocol, tables
 * {@code <database>.<table>} partitioned by hour, each partition carrying the provenance a commit records
 * ({@code cutover.*}: job, epoch, action, rows, checksum, source database).
 */
public final class Warehouse {

    public static final String JOB = "cutover.job";
    public static final String ACTION = "cutover.action";
    public static final String ROWS = "cutover.rows";
    public static final String CHECKSUM = "cutover.checksum";
    public static final String SOURCE = "cutover.source";
    public static final String COMMIT = "cutover.commit_id";
    public static final List<String> PARTITION_COLUMNS = List.of("year", "month", "day", "hour");

    private final InMemoryMetastore metastore = new InMemoryMetastore();
    private final Map<String, TableRef> refs = new HashMap<>();

    public InMemoryMetastore metastore() {
        return metastore;
    }

    public TableRef ref(String database, String table) {
        return refs.computeIfAbsent(database + "." + table, k -> new TableRef(DatabaseName.of(database), table));
    }

    public static URI location(TableRef table) {
        return URI.create("mem:/warehouse/" + table.database().value() + ".db/" + table.name());
    }

    /** What one partition of (database, table, hour) holds now, if it exists. */
    public Optional<Written> at(String database, String table, Hour hour) {
        TableRef ref = ref(database, table);
        if (metastore.table(ref).isEmpty()) {
            return Optional.empty();
        }
        List<PartitionRef> parts = metastore.partitions(ref, hour);
        return parts.isEmpty() ? Optional.empty() : Optional.of(Written.of(parts.get(0)));
    }

    /** A partition's provenance. */
    public record Written(String job, long epoch, String action, long rows, String checksum, String source) {
        static Written of(PartitionRef p) {
            Map<String, String> m = p.parameters();
            return new Written(m.get(JOB), Long.parseLong(m.getOrDefault(StorageFence.EPOCH_PARAMETER, "0")),
                    m.get(ACTION), Long.parseLong(m.getOrDefault(ROWS, "0")), m.get(CHECKSUM), m.get(SOURCE));
        }
    }
}
