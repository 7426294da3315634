package dev.cutover.worker.compare;

import dev.cutover.protocol.Hour;
import dev.cutover.worker.commit.CommitLayout;
import dev.cutover.worker.schema.SchemaFingerprint;
import dev.cutover.worker.spark.Scala;
import dev.cutover.worker.table.Checksums;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.table.PartitionFiles;
import dev.cutover.worker.table.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;

/**
 * Decides whether the row count and checksum a Cutover commit recorded for one (table, hour) can stand in
 * for a scan of its data. Trusted only when, for every partition of the hour:
 * <ul>
 *   <li>it carries Cutover provenance with the current checksum algorithm ({@link Checksums#ALGORITHM});</li>
 *   <li>all partitions come from one commit (same commit id, rows, checksum, fingerprint) and their number
 *       is the number that commit wrote;</li>
 *   <li>its location is that commit's directory ({@link PartitionCommitter#commitLocation}), and its data
 *       files (names and sizes, one listing) are the ones the commit recorded;</li>
 *   <li>the recorded schema fingerprint is the table's current one (the checksum covers exactly the table's
 *       data columns, the set a scan of the same table hashes).</li>
 * </ul>
 * Anything else gives the reason the data must be scanned. Files rewritten in place with the same names and
 * sizes behind Cutover's back are not detected: that is what {@code compare --full-scan} is for.
 */
final class RecordedHour {

    private RecordedHour() {
    }

    sealed interface Outcome {
    }

    record Trusted(long rows, String checksum, String fingerprint, String commitId, String action) implements Outcome {
    }

    record Untrusted(String reason) implements Outcome {
    }

    static Outcome check(CatalogTable table, Hour hour, List<CatalogTablePartition> partitions, Configuration hadoop) {
        Trusted first = null;
        String fingerprint = SchemaFingerprint.of(table.dataSchema());
        for (CatalogTablePartition p : partitions) {
            Map<String, String> spec = Scala.javaMap(p.spec());
            Map<String, String> params = Scala.javaMap(p.parameters());
            Optional<Provenance> recorded;
            try {
                recorded = Provenance.fromParameters(params);
            } catch (NumberFormatException e) {
                return new Untrusted("partition " + spec + " has unreadable provenance: " + e.getMessage());
            }
            if (recorded.isEmpty()) {
                return new Untrusted("partition " + spec + " has no Cutover provenance");
            }
            Provenance prov = recorded.get();
            if (!Checksums.ALGORITHM.equals(prov.checksumAlgo())) {
                return new Untrusted("partition " + spec + " recorded its checksum with algorithm "
                        + prov.checksumAlgo() + ", not " + Checksums.ALGORITHM);
            }
            if (prov.commitId() == null || !CommitLayout.isCommitId(prov.commitId()) || prov.checksum() == null) {
                return new Untrusted("partition " + spec + " has incomplete provenance");
            }
            Trusted mine = new Trusted(prov.rows(), prov.checksum(), prov.schemaFingerprint(), prov.commitId(), prov.action());
            if (first == null) {
                first = mine;
            } else if (!first.equals(mine)) {
                return new Untrusted("the partitions of the hour come from different commits (" + first.commitId()
                        + ", " + mine.commitId() + ")");
            }
            if (!Objects.equals(prov.partitions(), partitions.size())) {
                return new Untrusted("the hour has " + partitions.size() + " partition(s) but commit " + prov.commitId()
                        + " wrote " + prov.partitions());
            }
            Path expected = PartitionCommitter.commitLocation(table, hour, prov.commitId(), spec);
            Path actual = new Path(p.location());
            if (!samePath(expected, actual)) {
                return new Untrusted("partition " + spec + " is at " + actual + ", not in the directory of its commit "
                        + expected);
            }
            Optional<String> files = PartitionFiles.find(fileSystem(actual, hadoop), actual);
            if (files.isEmpty() || !files.get().equals(params.get(Provenance.FILES))) {
                return new Untrusted("the data files of partition " + spec + " are not the ones its commit wrote"
                        + " (recorded " + params.get(Provenance.FILES) + ", found " + files.orElse("no directory") + ")");
            }
        }
        if (first == null) {
            return new Untrusted("no partition");
        }
        if (!fingerprint.equals(first.fingerprint())) {
            return new Untrusted("the checksum was recorded under schema " + first.fingerprint()
                    + " but the table's schema is now " + fingerprint);
        }
        return first;
    }

    private static boolean samePath(Path a, Path b) {
        return stripSlash(a.toUri().getPath()).equals(stripSlash(b.toUri().getPath()));
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    private static FileSystem fileSystem(Path path, Configuration hadoop) {
        try {
            return path.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }
}
