package dev.cutover.worker.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.streamconfig.DatabaseName;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryMetastoreTest extends MetastoreContract {

    private final InMemoryMetastore metastore = new InMemoryMetastore();
    private int tables;

    @Override
    protected Metastore metastore() {
        return metastore;
    }

    @Override
    protected TableDefinition newTable(List<String> columns) {
        String name = "t" + ++tables;
        return new TableDefinition(new TableRef(DatabaseName.of("event"), name),
                URI.create("mem://warehouse/event/" + name), columns, "id STRING");
    }

    @Override
    protected String widerSchema() {
        return "id STRING, dt STRING";
    }

    @Test
    void anEvolutionReplacesTheSchemaAndKeepsLocationAndPartitioning() {
        TableDefinition table = newTable(List.of("year", "month", "day", "hour"));
        metastore.ensureTable(table, false);

        metastore.ensureTable(new TableDefinition(table.table(), URI.create("mem://elsewhere"), List.of("year"),
                widerSchema()), true);
        assertThat(metastore.table(table.table())).contains(new TableDefinition(table.table(), table.location(),
                table.partitionColumns(), widerSchema()));
    }

    @Test
    void aPartitionMustNameExactlyThePartitionColumns() {
        TableDefinition table = newTable(List.of("year", "month", "day", "hour"));
        metastore.ensureTable(table, false);

        assertThatThrownBy(() -> metastore.createPartitions(table.table(), List.of(new PartitionRef(
                Map.of("datacenter", "eqiad", "year", "2026", "month", "11", "day", "23", "hour", "1"),
                URI.create("mem://x"), Map.of())), false)).hasMessageContaining("datacenter");
    }
}
