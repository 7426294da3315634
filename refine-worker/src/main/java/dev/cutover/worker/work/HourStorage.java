package dev.cutover.worker.work;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.RoutedWrite;
import dev.cutover.worker.table.Fence;
import java.util.Optional;

/**
 * What the routed pass reads and copies besides refining ({@link RoutedWrite}): what a database holds for one
 * (stream, hour) as its partitions' provenance records it, and a fenced copy of the hour from one database into
 * another. The Hive implementation is {@link dev.cutover.worker.copy.HiveHourStorage}; unit tests pass a fake.
 */
public interface HourStorage {

    /** Knows nothing, copies nothing: every routed write refines (a pass without a metastore, e.g. fixed routes). */
    HourStorage NONE = new HourStorage() {
        @Override
        public Optional<RoutedWrite.Held> held(String database, String stream, Hour hour) {
            return Optional.empty();
        }

        @Override
        public CopyReport copy(String job, String stream, Hour hour, String from, String to, long epoch,
                               LeaseTerms terms, Fence fence) {
            throw new UnsupportedOperationException("no storage to copy " + stream + " " + hour + " from " + from);
        }
    };

    /** Who wrote {@code database}'s partition(s) of the hour, under which epoch, with which checksum; or empty. */
    Optional<RoutedWrite.Held> held(String database, String stream, Hour hour);

    /** Copies the hour from {@code from} into {@code to} under {@code epoch} (reported like a work item's copy). */
    CopyReport copy(String job, String stream, Hour hour, String from, String to, long epoch, LeaseTerms terms,
                    Fence fence);
}
