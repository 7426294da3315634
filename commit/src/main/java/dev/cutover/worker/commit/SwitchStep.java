package dev.cutover.worker.commit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One metastore call of a commit's switch, with the call that undoes it: creating partitions is undone by dropping
 * them, dropping by creating them again as they were, altering by altering them back. Ensuring the table is never
 * undone: a created table is left empty, an evolution only ever adds columns or widens types.
 */
public sealed interface SwitchStep {

    TableRef table();

    /** Short name for messages: {@code table}, {@code create}, {@code alter}, {@code drop}. */
    String name();

    /** The step that reverts this one; empty when it is never undone. */
    Optional<SwitchStep> undo();

    /** Performs the call. */
    void applyTo(Metastore metastore);

    /** Creates the table, or evolves the one that {@code exists}. */
    record EnsureTable(TableDefinition definition, boolean exists) implements SwitchStep {

        @Override
        public TableRef table() {
            return definition.table();
        }

        @Override
        public String name() {
            return "table";
        }

        @Override
        public Optional<SwitchStep> undo() {
            return Optional.empty();
        }

        @Override
        public void applyTo(Metastore metastore) {
            metastore.ensureTable(definition, exists);
        }
    }

    /** Creates partitions; as an undo (of a drop) a partition that is there already is left as it is. */
    record CreatePartitions(TableRef table, List<PartitionRef> partitions, boolean ignoreIfExists) implements SwitchStep {

        public CreatePartitions {
            partitions = List.copyOf(partitions);
        }

        @Override
        public String name() {
            return "create";
        }

        @Override
        public Optional<SwitchStep> undo() {
            return Optional.of(new DropPartitions(table, partitions));
        }

        @Override
        public void applyTo(Metastore metastore) {
            metastore.createPartitions(table, partitions, ignoreIfExists);
        }
    }

    /** Switches existing partitions from {@code previous} to {@code partitions} (same specs, same order). */
    record AlterPartitions(TableRef table, List<PartitionRef> partitions, List<PartitionRef> previous)
            implements SwitchStep {

        public AlterPartitions {
            partitions = List.copyOf(partitions);
            previous = List.copyOf(previous);
            if (!partitions.stream().map(PartitionRef::spec).toList()
                    .equals(previous.stream().map(PartitionRef::spec).toList())) {
                throw new IllegalArgumentException("an alter names the same partitions as they were and as they will be");
            }
        }

        @Override
        public String name() {
            return "alter";
        }

        @Override
        public Optional<SwitchStep> undo() {
            return Optional.of(new AlterPartitions(table, previous, partitions));
        }

        @Override
        public void applyTo(Metastore metastore) {
            metastore.alterPartitions(table, partitions);
        }
    }

    /** Drops partitions (metadata only); they are kept whole so the drop can be undone. */
    record DropPartitions(TableRef table, List<PartitionRef> partitions) implements SwitchStep {

        public DropPartitions {
            partitions = List.copyOf(partitions);
        }

        public List<Map<String, String>> specs() {
            return partitions.stream().map(PartitionRef::spec).toList();
        }

        @Override
        public String name() {
            return "drop";
        }

        @Override
        public Optional<SwitchStep> undo() {
            return Optional.of(new CreatePartitions(table, partitions, true));
        }

        @Override
        public void applyTo(Metastore metastore) {
            metastore.dropPartitions(table, specs());
        }
    }
}
