package dev.cutover.worker.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.protocol.Hour;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the commit relies on from a {@link Metastore}, run against each implementation: {@code InMemoryMetastoreTest}
 * and the Hive metastore's {@code HiveMetastoreIT}, so the in-memory one behaves as the real one does.
 */
public abstract class MetastoreContract {

    protected static final Hour HOUR = Hour.parse("2026-11-23T01");
    private static final List<String> PARTITION_COLUMNS = List.of("datacenter", "year", "month", "day", "hour");

    protected abstract Metastore metastore();

    /** A table that does not exist yet (a new name each call), partitioned by {@code columns}. */
    protected abstract TableDefinition newTable(List<String> columns);

    /** A schema for {@link #newTable} with one more column than its own. */
    protected abstract String widerSchema();

    private TableDefinition created() {
        TableDefinition table = newTable(PARTITION_COLUMNS);
        metastore().ensureTable(table, false);
        return table;
    }

    private static Map<String, String> spec(String dc, Hour hour) {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("datacenter", dc);
        spec.putAll(CommitLayout.hourSpec(hour));
        return spec;
    }

    private static PartitionRef partition(TableDefinition table, String dc, Hour hour, String commit,
                                          Map<String, String> parameters) {
        Map<String, String> spec = spec(dc, hour);
        return new PartitionRef(spec, CommitLayout.partitionDir(table.location(), hour, commit, spec), parameters);
    }

    private static PartitionRef partition(TableDefinition table, String dc, String commit) {
        return partition(table, dc, HOUR, commit, Map.of("cutover.commit_id", commit));
    }

    /** dc -> (path of the location, the given parameters) of the hour's partitions. */
    private Map<String, String> listed(TableDefinition table) {
        Map<String, String> result = new LinkedHashMap<>();
        for (PartitionRef p : metastore().partitions(table.table(), HOUR)) {
            result.put(p.spec().get("datacenter"), p.location().getPath() + " " + p.parameters().get("cutover.commit_id"));
        }
        return result;
    }

    private static String at(TableDefinition table, String dc, String commit) {
        return CommitLayout.partitionDir(table.location(), HOUR, commit, spec(dc, HOUR)).getPath() + " " + commit;
    }

    @Test
    void aCreatedTableHasNoPartitionsAndCannotBeCreatedAgain() {
        TableDefinition table = created();

        assertThat(metastore().partitions(table.table(), HOUR)).isEmpty();
        assertThatThrownBy(() -> metastore().ensureTable(table, false)).isInstanceOf(Exception.class);
    }

    @Test
    void createdPartitionsAreListedForTheirHourWithTheirSpecLocationAndParameters() {
        TableDefinition table = created();
        PartitionRef eqiad = partition(table, "eqiad", HOUR, "20261123T020000-00000001",
                Map.of("cutover.commit_id", "20261123T020000-00000001", "cutover.rows", "3"));
        metastore().createPartitions(table.table(), List.of(eqiad,
                partition(table, "eqiad", HOUR.next(), "20261123T030000-00000002", Map.of())), false);

        List<PartitionRef> listed = metastore().partitions(table.table(), HOUR);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).spec()).isEqualTo(eqiad.spec());
        assertThat(listed.get(0).location().getPath()).isEqualTo(eqiad.location().getPath());
        assertThat(listed.get(0).parameters()).containsAllEntriesOf(eqiad.parameters());
    }

    @Test
    void creatingPartitionsOneOfWhichExistsFailsAndAddsNone() {
        TableDefinition table = created();
        metastore().createPartitions(table.table(), List.of(partition(table, "eqiad", "20261123T020000-00000001")),
                false);

        assertThatThrownBy(() -> metastore().createPartitions(table.table(), List.of(
                partition(table, "codfw", "20261123T030000-00000002"),
                partition(table, "eqiad", "20261123T030000-00000002")), false)).isInstanceOf(Exception.class);
        assertThat(listed(table)).containsExactly(Map.entry("eqiad", at(table, "eqiad", "20261123T020000-00000001")));
    }

    @Test
    void creatingWithIgnoreIfExistsKeepsTheExistingPartitionAndAddsTheOthers() {
        TableDefinition table = created();
        metastore().createPartitions(table.table(), List.of(partition(table, "eqiad", "20261123T020000-00000001")),
                false);

        metastore().createPartitions(table.table(), List.of(partition(table, "codfw", "20261123T030000-00000002"),
                partition(table, "eqiad", "20261123T030000-00000002")), true);
        assertThat(listed(table)).containsOnly(Map.entry("eqiad", at(table, "eqiad", "20261123T020000-00000001")),
                Map.entry("codfw", at(table, "codfw", "20261123T030000-00000002")));
    }

    @Test
    void alteringPointsAPartitionAtANewLocationWithExactlyTheNewParameters() {
        TableDefinition table = created();
        metastore().createPartitions(table.table(), List.of(partition(table, "eqiad", HOUR, "20261123T020000-00000001",
                Map.of("cutover.commit_id", "20261123T020000-00000001", "cutover.source", "event_airflow"))), false);

        metastore().alterPartitions(table.table(), List.of(partition(table, "eqiad", "20261123T030000-00000002")));
        assertThat(listed(table)).containsExactly(Map.entry("eqiad", at(table, "eqiad", "20261123T030000-00000002")));
        assertThat(metastore().partitions(table.table(), HOUR).get(0).parameters()).doesNotContainKey("cutover.source");
    }

    @Test
    void alteringPartitionsOneOfWhichDoesNotExistFailsAndChangesNone() {
        TableDefinition table = created();
        metastore().createPartitions(table.table(), List.of(partition(table, "eqiad", "20261123T020000-00000001")),
                false);

        assertThatThrownBy(() -> metastore().alterPartitions(table.table(), List.of(
                partition(table, "eqiad", "20261123T030000-00000002"),
                partition(table, "codfw", "20261123T030000-00000002")))).isInstanceOf(Exception.class);
        assertThat(listed(table)).containsExactly(Map.entry("eqiad", at(table, "eqiad", "20261123T020000-00000001")));
    }

    @Test
    void droppingSkipsPartitionsThatDoNotExist() {
        TableDefinition table = created();
        metastore().createPartitions(table.table(), List.of(partition(table, "eqiad", "20261123T020000-00000001"),
                partition(table, "codfw", "20261123T020000-00000001")), false);

        metastore().dropPartitions(table.table(), List.of(spec("eqiad", HOUR), spec("ulsfo", HOUR)));
        assertThat(listed(table)).containsExactly(Map.entry("codfw", at(table, "codfw", "20261123T020000-00000001")));
    }

    @Test
    void evolvingATableKeepsItsPartitions() {
        TableDefinition table = created();
        metastore().createPartitions(table.table(), List.of(partition(table, "eqiad", "20261123T020000-00000001")),
                false);

        metastore().ensureTable(new TableDefinition(table.table(), table.location(), table.partitionColumns(),
                widerSchema()), true);
        assertThat(listed(table)).containsExactly(Map.entry("eqiad", at(table, "eqiad", "20261123T020000-00000001")));
    }

    @Test
    void callsOnATableThatDoesNotExistFail() {
        TableDefinition table = newTable(PARTITION_COLUMNS);

        assertThatThrownBy(() -> metastore().partitions(table.table(), HOUR)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> metastore().createPartitions(table.table(),
                List.of(partition(table, "eqiad", "20261123T020000-00000001")), false)).isInstanceOf(Exception.class);
    }
}
