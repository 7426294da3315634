package dev.cutover.worker.commit;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A table as a commit needs it: where it lives, how it is partitioned and its data schema. The schema is opaque to
 * the commit protocol (the Hive metastore reads Spark's JSON form of it); a metastore stores what it is given.
 *
 * @param partitionColumns in order, e.g. {@code datacenter, year, month, day, hour}
 */
public record TableDefinition(TableRef table, URI location, List<String> partitionColumns, String schema) {

    public TableDefinition {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(schema, "schema");
        partitionColumns = List.copyOf(partitionColumns);
    }
}
