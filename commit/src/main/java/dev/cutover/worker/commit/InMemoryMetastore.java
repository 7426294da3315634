package dev.cutover.worker.commit;

import dev.cutover.protocol.Hour;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A metastore in memory, as the Hive metastore behaves for the calls a commit makes: a call on a missing table
 * fails, creating a table that exists fails, creating a partition that exists fails unless told to skip it,
 * altering a missing partition fails, dropping a missing one is skipped; a failing call changes nothing. Partitions
 * must name every partition column. For tests and the simulation; wrap it in {@link InstrumentedMetastore} to see
 * its calls and make some fail. Thread-safe.
 */
public final class InMemoryMetastore implements Metastore {

    /** A table's partitions, in creation order, and the specs of each hour's (a simulation reads hours by the million). */
    private record Table(TableDefinition definition, Map<Map<String, String>, PartitionRef> partitions,
                         Map<Map<String, String>, Set<Map<String, String>>> byHour) {

        Table(TableDefinition definition) {
            this(definition, new LinkedHashMap<>(), new HashMap<>());
        }

        void put(PartitionRef p) {
            partitions.put(p.spec(), p);
            byHour.computeIfAbsent(hourOf(p.spec()), h -> new LinkedHashSet<>()).add(p.spec());
        }

        void remove(Map<String, String> spec) {
            if (partitions.remove(spec) != null) {
                Set<Map<String, String>> specs = byHour.get(hourOf(spec));
                specs.remove(spec);
                if (specs.isEmpty()) {
                    byHour.remove(hourOf(spec));
                }
            }
        }

        /** The partitions of one hour, in creation order. */
        List<PartitionRef> of(Map<String, String> hourSpec) {
            Set<Map<String, String>> specs = byHour.get(hourSpec);
            if (specs == null) {
                return List.of();
            }
            return specs.stream().map(partitions::get).toList();
        }

        private static Map<String, String> hourOf(Map<String, String> spec) {
            Map<String, String> hour = new HashMap<>();
            for (String key : HOUR_KEYS) {
                hour.put(key, spec.get(key));
            }
            return hour;
        }
    }

    private static final List<String> HOUR_KEYS = List.of("year", "month", "day", "hour");

    private final Map<TableRef, Table> tables = new LinkedHashMap<>();

    /** The table as created or last evolved. */
    public synchronized Optional<TableDefinition> table(TableRef table) {
        return Optional.ofNullable(tables.get(table)).map(Table::definition);
    }

    /** Every partition of the table, in creation order; empty when the table does not exist. */
    public synchronized List<PartitionRef> allPartitions(TableRef table) {
        Table t = tables.get(table);
        return t == null ? List.of() : List.copyOf(t.partitions().values());
    }

    @Override
    public synchronized List<PartitionRef> partitions(TableRef table, Hour hour) {
        Map<String, String> hourSpec = new HashMap<>(CommitLayout.hourSpec(hour));
        return existing(table).of(hourSpec);
    }

    @Override
    public synchronized void ensureTable(TableDefinition definition, boolean exists) {
        Table current = tables.get(definition.table());
        if (!exists) {
            if (current != null) {
                throw new IllegalStateException("table " + definition.table() + " already exists");
            }
            tables.put(definition.table(), new Table(definition));
            return;
        }
        Table table = existing(definition.table());
        // an evolution changes the schema only: location and partitioning stay
        TableDefinition evolved = new TableDefinition(definition.table(), table.definition().location(),
                table.definition().partitionColumns(), definition.schema());
        tables.put(definition.table(), new Table(evolved, table.partitions(), table.byHour()));
    }

    @Override
    public synchronized void createPartitions(TableRef table, List<PartitionRef> partitions, boolean ignoreIfExists) {
        Table t = existing(table);
        List<PartitionRef> added = new ArrayList<>();
        for (PartitionRef p : partitions) {
            requireFullSpec(t, p.spec());
            if (!t.partitions().containsKey(p.spec())) {
                added.add(p);
            } else if (!ignoreIfExists) {
                throw new IllegalStateException("partition " + p.spec() + " of " + table + " already exists");
            }
        }
        added.forEach(t::put);
    }

    @Override
    public synchronized void alterPartitions(TableRef table, List<PartitionRef> partitions) {
        Table t = existing(table);
        for (PartitionRef p : partitions) {
            if (!t.partitions().containsKey(p.spec())) {
                throw new IllegalStateException("partition " + p.spec() + " of " + table + " does not exist");
            }
        }
        partitions.forEach(t::put);
    }

    @Override
    public synchronized void dropPartitions(TableRef table, List<Map<String, String>> specs) {
        Table t = existing(table);
        specs.forEach(spec -> requireFullSpec(t, spec));
        specs.forEach(t::remove);
    }

    private Table existing(TableRef table) {
        Table t = tables.get(table);
        if (t == null) {
            throw new IllegalStateException("table " + table + " does not exist");
        }
        return t;
    }

    private static void requireFullSpec(Table table, Map<String, String> spec) {
        if (!spec.keySet().equals(Set.copyOf(table.definition().partitionColumns()))) {
            throw new IllegalArgumentException("partition spec " + spec + " does not name exactly the partition columns "
                    + table.definition().partitionColumns() + " of " + table.definition().table());
        }
    }
}
