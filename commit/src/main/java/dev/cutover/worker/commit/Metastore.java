package dev.cutover.worker.commit;

import dev.cutover.protocol.Hour;
import java.util.List;
import java.util.Map;

/**
 * The few metastore calls a commit makes, in Cutover's types. Each call either succeeds or throws; a call that
 * throws may still have taken effect (the answer can be lost after the metastore applied it), which is why
 * {@link MetastoreSwitch} undoes the failing step too. Implementations: the Hive metastore behind Spark's catalog
 * in the worker, {@link InMemoryMetastore} for tests and the simulation.
 */
public interface Metastore {

    /** The hour's partitions of an existing table (all datacenters), in the metastore's order. */
    List<PartitionRef> partitions(TableRef table, Hour hour);

    /**
     * Creates the table when {@code exists} is false, otherwise evolves it to the definition's schema (adds
     * columns and widens types, never drops anything).
     */
    void ensureTable(TableDefinition definition, boolean exists);

    /**
     * Adds partitions, all or none.
     *
     * @param ignoreIfExists skip a partition that exists already instead of failing
     */
    void createPartitions(TableRef table, List<PartitionRef> partitions, boolean ignoreIfExists);

    /** Points existing partitions at new locations with new parameters (each partition switches atomically). */
    void alterPartitions(TableRef table, List<PartitionRef> partitions);

    /** Drops partitions' metadata, never their files; a spec that has no partition is skipped. */
    void dropPartitions(TableRef table, List<Map<String, String>> specs);
}
