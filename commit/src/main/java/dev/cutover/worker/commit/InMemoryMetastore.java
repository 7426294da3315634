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
                         Map<String, Set<Map<String, String>>> byHour) {

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

        /** The partitions of one hour ({@link #hourKey}), in creation order. */
        List<PartitionRef> of(String hourKey) {
            Set<Map<String, String>> specs = byHour.get(hourKey);
            if (specs == null) {
                return List.of();
            }
            List<PartitionRef> out = new java.util.ArrayList<>(specs.size());
            for (Map<String, String> spec : specs) {
                out.add(partitions.get(spec));
            }
            return out;
        }

        /** The hour of a partition spec as one string key (hashing a map per lookup cost a simulation dearly). */
        private static String hourOf(Map<String, String> spec) {
            return hourKey(spec.get("year"), spec.get("month"), spec.get("day"), spec.get("hour"));
        }
    }

    private static String hourKey(String year, String month, String day, String hour) {
        return year + "/" + month + "/" + day + "/" + hour;
    }

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
        // the values CommitLayout.hourSpec writes
        return existing(table).of(hourKey(Integer.toString(hour.year()), Integer.toString(hour.month()),
                Integer.toString(hour.day()), Integer.toString(hour.hourOfDay())));
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
