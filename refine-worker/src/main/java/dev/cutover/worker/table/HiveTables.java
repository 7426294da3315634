package dev.cutover.worker.table;

import dev.cutover.protocol.EvolvePlan;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.commit.CommitLayout;
import dev.cutover.worker.spark.Scala;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Creates and evolves the stream tables: Parquet, partitioned by {@code year, month, day, hour}
 * ({@code datacenter} first for the {@code <dc>.<stream>} raw layout), external (their location is
 * {@code <database location>/<table>}, so dropping metadata never deletes data). Evolution applies
 * added columns, added nested fields and widening type changes, never drops (see {@link SchemaEvolution}).
 */
public final class HiveTables {

    public static final List<String> HOUR_COLUMNS = List.of("year", "month", "day", "hour");
    public static final String DATACENTER = CommitLayout.DATACENTER;

    private final SparkSession spark;

    public HiveTables(SparkSession spark) {
        this.spark = spark;
    }

    public static List<String> partitionColumns(boolean datacenter) {
        List<String> cols = new ArrayList<>();
        if (datacenter) {
            cols.add(DATACENTER);
        }
        cols.addAll(HOUR_COLUMNS);
        return cols;
    }

    public ExternalCatalog catalog() {
        return spark.sharedState().externalCatalog();
    }

    public boolean databaseExists(DatabaseName db) {
        return catalog().databaseExists(db.value());
    }

    public Optional<CatalogTable> table(DatabaseName db, String table) {
        if (!databaseExists(db) || !catalog().tableExists(db.value(), table)) {
            return Optional.empty();
        }
        return Optional.of(catalog().getTable(db.value(), table));
    }

    public void requireDatabase(DatabaseName db) {
        if (!databaseExists(db)) {
            throw new IllegalStateException("database '" + db + "' does not exist; create it with './cutover migrate'"
                    + " (or pass --migrate to refine/work)");
        }
    }

    /** The plan to bring {@code db.table} to {@code dataSchema} (the {@code evolve --dry-run}); nothing is changed. */
    public EvolvePlan plan(DatabaseName db, String table, StructType dataSchema, boolean datacenter) {
        Optional<CatalogTable> existing = table(db, table);
        if (existing.isEmpty()) {
            return new EvolvePlan(db.value(), table, false, List.of(),
                    List.of(createDdl(db, table, dataSchema, datacenter, location(db, table))), null);
        }
        StructType current = existing.get().dataSchema();
        List<EvolvePlan.Change> changes = SchemaEvolution.diff(current, dataSchema);
        List<String> ddl = new ArrayList<>();
        String qualified = db.quoted() + ".`" + table + "`";
        StructType merged = SchemaEvolution.merge(current, dataSchema);
        List<String> added = new ArrayList<>();
        // new columns in name order, as SchemaEvolution.merge appends them
        for (EvolvePlan.Change c : changes.stream().sorted(Comparator.comparing(EvolvePlan.Change::path)).toList()) {
            if (c.kind() == EvolvePlan.Kind.ADD_COLUMN) {
                added.add("`" + c.path() + "` " + c.to());
            }
        }
        if (!added.isEmpty()) {
            ddl.add("ALTER TABLE " + qualified + " ADD COLUMNS (" + String.join(", ", added) + ")");
        }
        changes.stream().filter(c -> c.applied() && c.kind() != EvolvePlan.Kind.ADD_COLUMN)
                .map(c -> column(merged, topLevel(c.path()))).distinct().forEach(f -> ddl.add("ALTER TABLE " + qualified
                        + " CHANGE COLUMN `" + f.name() + "` `" + f.name() + "` " + f.dataType().sql()
                        + " -- applied through the metastore (alterTableDataSchema), data untouched"));
        return new EvolvePlan(db.value(), table, true, changes, ddl, null);
    }

    /**
     * Creates the table when missing, otherwise applies the applicable changes. Returns the table as it
     * is afterwards. A change that cannot be applied is left for {@link Aligner} to refuse.
     */
    public CatalogTable ensure(DatabaseName db, String table, StructType dataSchema, boolean datacenter) {
        return apply(target(db, table, dataSchema, datacenter));
    }

    /**
     * What writing {@code dataSchema} into {@code db.table} needs, without changing anything: the table's
     * location, the schema it will have (current plus applicable changes) and whether it must be created
     * or evolved first (see {@link #apply}). The database must exist.
     */
    public TableTarget target(DatabaseName db, String table, StructType dataSchema, boolean datacenter) {
        requireDatabase(db);
        Optional<CatalogTable> existing = table(db, table);
        if (existing.isEmpty()) {
            return new TableTarget(db, table, URI.create(location(db, table)), dataSchema, datacenter, Optional.empty(),
                    List.of());
        }
        StructType current = existing.get().dataSchema();
        List<EvolvePlan.Change> changes = SchemaEvolution.diff(current, dataSchema);
        boolean applicable = changes.stream().anyMatch(EvolvePlan.Change::applied);
        return new TableTarget(db, table, existing.get().location(),
                applicable ? SchemaEvolution.merge(current, dataSchema) : current, hasDatacenter(existing.get()),
                existing, changes);
    }

    /**
     * Creates or evolves the table as {@code target} says and returns it as it is afterwards. An evolution
     * merges into the schema the metastore has now (a column someone added meanwhile is kept, nothing is
     * ever dropped).
     */
    public CatalogTable apply(TableTarget target) {
        DatabaseName db = target.database();
        if (target.current().isEmpty()) {
            create(db, target.name(), target.dataSchema(), target.datacenter(), target.location());
        } else if (target.needsChange()) {
            evolve(db, target.name(), target.dataSchema());
        } else {
            return target.current().get();
        }
        return catalog().getTable(db.value(), target.name());
    }

    /** Creates the table (external, Parquet, partitioned as {@link #partitionColumns} says) at {@code location}. */
    public void create(DatabaseName db, String table, StructType dataSchema, boolean datacenter, URI location) {
        spark.sql(createDdl(db, table, dataSchema, datacenter, location.toString()));
    }

    /**
     * Merges {@code dataSchema} into the table's schema as the metastore has it now (a column someone added
     * meanwhile is kept, nothing is ever dropped) and applies it.
     */
    public void evolve(DatabaseName db, String table, StructType dataSchema) {
        StructType now = catalog().getTable(db.value(), table).dataSchema();
        catalog().alterTableDataSchema(db.value(), table, SchemaEvolution.merge(now, dataSchema));
        spark.catalog().refreshTable(db.value() + "." + table);
    }

    /** Whether the table is partitioned by datacenter. */
    public static boolean hasDatacenter(CatalogTable table) {
        return Scala.list(table.partitionColumnNames()).contains(DATACENTER);
    }

    public String location(DatabaseName db, String table) {
        String base = catalog().getDatabase(db.value()).locationUri().toString();
        return (base.endsWith("/") ? base : base + "/") + table;
    }

    static String createDdl(DatabaseName db, String table, StructType dataSchema, boolean datacenter, String location) {
        List<String> parts = new ArrayList<>();
        for (String p : partitionColumns(datacenter)) {
            parts.add("`" + p + "` " + (p.equals(DATACENTER) ? "STRING" : "INT"));
        }
        return "CREATE TABLE " + db.quoted() + ".`" + table + "` (" + dataSchema.toDDL() + ") PARTITIONED BY ("
                + String.join(", ", parts) + ") STORED AS PARQUET LOCATION '" + location.replace("'", "\\'") + "'";
    }

    /** The column of {@code schema} called {@code name}, matched case-insensitively as Hive does. */
    private static StructField column(StructType schema, String name) {
        return Arrays.stream(schema.fields()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no column " + name + " in " + schema.simpleString()));
    }

    private static String topLevel(String path) {
        int cut = path.length();
        for (char c : new char[] {'.', '[', '{'}) {
            int i = path.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return path.substring(0, cut);
    }
}
