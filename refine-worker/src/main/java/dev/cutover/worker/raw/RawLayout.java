package dev.cutover.worker.raw;

import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.Snapshot;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Gobblin's raw layout: {@code <raw>/<dc>.<stream>/year=YYYY/month=MM/day=DD/hour=HH/} and
 * {@code <raw>/eventlogging_<Name>/year=.../hour=HH/}, JSON lines (gzip or plain), an {@code _IMPORTED}
 * flag when the hour is complete. A top-level directory is a stream when its whole name is a stream of
 * the config; otherwise {@code <dc>.<rest>} is datacenter {@code dc} of stream {@code rest}. Directories
 * that are neither are ignored. Month, day and hour may be zero-padded or not.
 *
 * <p>Everything is read through Hadoop's {@link FileSystem}, so the root may be on HDFS, S3 or the local file
 * system ({@link RawRoot}). Discovery lists only the year, month, day and hour directories that overlap the
 * requested range, and each hour directory once (its flag, data sizes and modification times).
 */
public final class RawLayout {

    public static final String IMPORTED_FLAG = "_IMPORTED";
    private static final Pattern PART = Pattern.compile("(year|month|day|hour)=(\\d{1,4})");

    private final RawRoot root;
    private final Snapshot config;
    private final Configuration hadoop;

    /**
     * @param hadoop the Hadoop configuration to reach the root with: the Spark session's
     *               ({@code sparkContext().hadoopConfiguration()}) or {@link HadoopConf#fromSpark} before it starts
     */
    public RawLayout(RawRoot root, Snapshot config, Configuration hadoop) {
        this.root = root;
        this.config = config;
        this.hadoop = hadoop;
        String scheme = root.scheme();
        try {
            FileSystem.getFileSystemClass(scheme, hadoop);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("raw directory " + root + ": no Hadoop FileSystem for scheme '" + scheme
                    + "' (" + e.getMessage() + "); pass a local path or a URI the Hadoop configuration knows (hdfs://,"
                    + " file://, s3a:// with hadoop-aws on the classpath), or register one with --conf spark.hadoop.fs."
                    + scheme + ".impl=CLASS", e);
        }
    }

    /** A local raw directory, read with a default Hadoop configuration. */
    public RawLayout(java.nio.file.Path root, Snapshot config) {
        this(RawRoot.local(root), config, new Configuration());
    }

    public RawRoot root() {
        return root;
    }

    /** True when the root is an existing directory. */
    public boolean exists() {
        return listRoot(fileSystem()).isPresent();
    }

    /** Where a stream directory name points: (datacenter or none, stream); empty when unknown. */
    public Optional<Map.Entry<Optional<String>, String>> resolve(String dirName) {
        if (dirName.startsWith(".") || dirName.startsWith("_")) {
            return Optional.empty();
        }
        if (config.lookup(dirName).isPresent()) {
            return Optional.of(Map.entry(Optional.empty(), dirName));
        }
        int dot = dirName.indexOf('.');
        if (dot > 0 && config.lookup(dirName.substring(dot + 1)).isPresent()) {
            return Optional.of(Map.entry(Optional.of(dirName.substring(0, dot)), dirName.substring(dot + 1)));
        }
        return Optional.empty();
    }

    /**
     * Every raw hour in {@code [from, until)} of the streams accepted by {@code streams}, sorted by stream
     * then hour. Incomplete hours are included; callers check {@link RawHour#complete()}.
     */
    public List<RawHour> discover(Predicate<String> streams, Hour from, Hour until) {
        FileSystem fs = fileSystem();
        FileStatus[] top = listRoot(fs).orElseThrow(() -> new IllegalArgumentException("raw directory " + root
                + " does not exist; pass --raw-dir"));
        Map<String, Map<Hour, List<Listed>>> found = new TreeMap<>();
        for (FileStatus streamDir : top) {
            if (!streamDir.isDirectory()) {
                continue;
            }
            Optional<Map.Entry<Optional<String>, String>> resolved = resolve(streamDir.getPath().getName());
            if (resolved.isEmpty() || !streams.test(resolved.get().getValue())) {
                continue;
            }
            String stream = resolved.get().getValue();
            for (Map.Entry<Hour, Path> hourDir : hourDirs(fs, streamDir.getPath(), from, until).entrySet()) {
                listHour(fs, resolved.get().getKey(), hourDir.getValue()).ifPresent(listed -> found
                        .computeIfAbsent(stream, s -> new TreeMap<>())
                        .computeIfAbsent(hourDir.getKey(), h -> new ArrayList<>()).add(listed));
            }
        }
        List<RawHour> hours = new ArrayList<>();
        found.forEach((stream, byHour) -> byHour.forEach((hour, listed) -> {
            listed.sort(Comparator.comparing(l -> l.dir().datacenter().orElse("")));
            hours.add(new RawHour(stream, hour, listed.stream().map(Listed::dir).toList(),
                    listed.stream().mapToLong(Listed::bytes).sum(),
                    listed.stream().mapToLong(Listed::mtime).max().orElse(0)));
        }));
        return hours;
    }

    /** The directory a raw hour of {@code topicDir} lives in (zero-padded, as Gobblin writes it). */
    public static java.nio.file.Path hourDir(java.nio.file.Path root, String topicDir, Hour hour) {
        return root.resolve(topicDir).resolve(String.format("year=%04d", hour.year()))
                .resolve(String.format("month=%02d", hour.month())).resolve(String.format("day=%02d", hour.day()))
                .resolve(String.format("hour=%02d", hour.hourOfDay()));
    }

    /** One directory of an hour as listed: its data bytes and newest modification time. */
    private record Listed(RawHour.Dir dir, long bytes, long mtime) {
    }

    private record Part(Path path, int value) {
    }

    private FileSystem fileSystem() {
        try {
            return root.path().getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach raw directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** The root's entries; empty when it does not exist or is not a directory. */
    private Optional<FileStatus[]> listRoot(FileSystem fs) {
        try {
            FileStatus[] top = fs.listStatus(root.path());
            // listing a file gives the file itself: a file is not a raw directory
            if (top.length == 1 && top[0].isFile() && top[0].getPath().equals(fs.makeQualified(root.path()))) {
                return Optional.empty();
            }
            return Optional.of(sorted(top));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list raw directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** The hour directories of a stream directory within {@code [from, until)}; nothing outside is listed. */
    private static Map<Hour, Path> hourDirs(FileSystem fs, Path streamDir, Hour from, Hour until) {
        Map<Hour, Path> result = new TreeMap<>();
        for (Part y : parts(fs, streamDir, "year")) {
            if (!overlaps(() -> LocalDateTime.of(y.value(), 1, 1, 0, 0), t -> t.plusYears(1), from, until)) {
                continue;
            }
            for (Part m : parts(fs, y.path(), "month")) {
                if (!overlaps(() -> LocalDateTime.of(y.value(), m.value(), 1, 0, 0), t -> t.plusMonths(1), from, until)) {
                    continue;
                }
                for (Part d : parts(fs, m.path(), "day")) {
                    if (!overlaps(() -> LocalDateTime.of(y.value(), m.value(), d.value(), 0, 0), t -> t.plusDays(1),
                            from, until)) {
                        continue;
                    }
                    for (Part h : parts(fs, d.path(), "hour")) {
                        if (overlaps(() -> LocalDateTime.of(y.value(), m.value(), d.value(), h.value(), 0),
                                t -> t.plusHours(1), from, until)) {
                            result.put(Hour.of(y.value(), m.value(), d.value(), h.value()), h.path());
                        }
                    }
                }
            }
        }
        return result;
    }

    /** Whether {@code [start, end(start))} overlaps {@code [from, until)}; false for a non-date (month=13). */
    private static boolean overlaps(Supplier<LocalDateTime> start, UnaryOperator<LocalDateTime> end, Hour from,
                                    Hour until) {
        try {
            LocalDateTime s = start.get();
            return s.isBefore(until.start()) && end.apply(s).isAfter(from.start());
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static List<Part> parts(FileSystem fs, Path parent, String key) {
        List<Part> parts = new ArrayList<>();
        for (FileStatus s : list(fs, parent).orElse(new FileStatus[0])) {
            Matcher m = PART.matcher(s.getPath().getName());
            if (s.isDirectory() && m.matches() && m.group(1).equals(key)) {
                parts.add(new Part(s.getPath(), Integer.parseInt(m.group(2))));
            }
        }
        return parts;
    }

    /** An hour directory's flag (and when it was written), data bytes (files not starting with {@code _} or {@code .}) and newest mtime. */
    private static Optional<Listed> listHour(FileSystem fs, Optional<String> datacenter, Path dir) {
        return list(fs, dir).map(content -> {
            boolean imported = false;
            long importedAt = 0;
            long bytes = 0;
            long mtime = 0;
            for (FileStatus f : content) {
                String name = f.getPath().getName();
                if (name.equals(IMPORTED_FLAG)) {
                    imported = true;
                    importedAt = f.getModificationTime();
                }
                if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                    bytes += f.getLen();
                }
                mtime = Math.max(mtime, f.getModificationTime());
            }
            return new Listed(new RawHour.Dir(datacenter, dir, imported, importedAt), bytes, mtime);
        });
    }

    /** A directory's entries sorted by name; empty when it vanished meanwhile (raw retention deletes old hours). */
    private static Optional<FileStatus[]> list(FileSystem fs, Path dir) {
        try {
            return Optional.of(sorted(fs.listStatus(dir)));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static FileStatus[] sorted(FileStatus[] statuses) {
        FileStatus[] copy = statuses.clone();
        Arrays.sort(copy, Comparator.comparing(s -> s.getPath().getName()));
        return copy;
    }
}
