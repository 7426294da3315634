package dev.cutover.worker.table;

import dev.cutover.protocol.EvolvePlan;
import dev.cutover.streamconfig.DatabaseName;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.types.StructType;

/**
 * The table a commit writes into, as it will be once the commit is visible: location, data schema (the
 * current one plus the applicable {@link SchemaEvolution} changes) and partitioning. Computing it changes
 * nothing; {@link PartitionCommitter} creates or evolves the table only in its metastore switch (its first step,
 * after the validation and the fence, right before the partitions), so a failed or fenced commit leaves the table as
 * it was.
 *
 * @param current the table as the metastore has it now; empty when the commit creates it
 * @param changes every difference between the current table and the wanted schema (applied or not)
 */
public record TableTarget(DatabaseName database, String name, URI location, StructType dataSchema, boolean datacenter,
                          Optional<CatalogTable> current, List<EvolvePlan.Change> changes) {

    public TableTarget {
        changes = List.copyOf(changes);
    }

    /** An existing table, written as it is (no change). */
    public static TableTarget of(CatalogTable table) {
        return new TableTarget(DatabaseName.of(table.identifier().database().get()), table.identifier().table(),
                table.location(), table.dataSchema(), HiveTables.hasDatacenter(table), Optional.of(table), List.of());
    }

    /** Whether the switch must create or evolve the table first. */
    public boolean needsChange() {
        return current.isEmpty() || changes.stream().anyMatch(EvolvePlan.Change::applied);
    }

    public String qualifiedName() {
        return database.value() + "." + name;
    }
}
