package dev.cutover.worker.raw;

import dev.cutover.model.Hour;
import dev.cutover.streamconfig.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Gobblin's raw layout: {@code <raw>/<dc>.<stream>/year=YYYY/month=MM/day=DD/hour=HH/} and
 * {@code <raw>/eventlogging_<Name>/year=.../hour=HH/}, JSON lines (gzip or plain), an {@code _IMPORTED}
 * flag when the hour is complete. A top-level directory is a stream when its whole name is a stream of
 * the config; otherwise {@code <dc>.<rest>} is datacenter {@code dc} of stream {@code rest}. Directories
 * that are neither are ignored. Month, day and hour may be zero-padded or not.
 */
public final class RawLayout {

    public static final String IMPORTED_FLAG = "_IMPORTED";
    private static final Pattern PART = Pattern.compile("(year|month|day|hour)=(\\d{1,4})");

    private final Path root;
    private final Snapshot config;

    public RawLayout(Path root, Snapshot config) {
        this.root = root;
        this.config = config;
    }

    public Path root() {
        return root;
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
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("raw directory " + root + " does not exist; pass --raw-dir");
        }
        Map<String, Map<Hour, List<RawHour.Dir>>> found = new TreeMap<>();
        for (Path streamDir : list(root)) {
            if (!Files.isDirectory(streamDir)) {
                continue;
            }
            Optional<Map.Entry<Optional<String>, String>> resolved = resolve(streamDir.getFileName().toString());
            if (resolved.isEmpty() || !streams.test(resolved.get().getValue())) {
                continue;
            }
            String stream = resolved.get().getValue();
            for (Map.Entry<Hour, Path> hourDir : hourDirs(streamDir).entrySet()) {
                Hour hour = hourDir.getKey();
                if (hour.isBefore(from) || !hour.isBefore(until)) {
                    continue;
                }
                boolean imported = Files.exists(hourDir.getValue().resolve(IMPORTED_FLAG));
                found.computeIfAbsent(stream, s -> new TreeMap<>()).computeIfAbsent(hour, h -> new ArrayList<>())
                        .add(new RawHour.Dir(resolved.get().getKey(), hourDir.getValue(), imported));
            }
        }
        List<RawHour> hours = new ArrayList<>();
        found.forEach((stream, byHour) -> byHour.forEach((hour, dirs) -> {
            dirs.sort(Comparator.comparing(d -> d.datacenter().orElse("")));
            hours.add(new RawHour(stream, hour, dirs, bytes(dirs), mtime(dirs)));
        }));
        return hours;
    }

    /** The directory a raw hour of {@code topicDir} lives in (zero-padded, as Gobblin writes it). */
    public static Path hourDir(Path root, String topicDir, Hour hour) {
        return root.resolve(topicDir).resolve(String.format("year=%04d", hour.year()))
                .resolve(String.format("month=%02d", hour.month())).resolve(String.format("day=%02d", hour.day()))
                .resolve(String.format("hour=%02d", hour.hourOfDay()));
    }

    /** Data files of an hour directory: regular files not starting with {@code _} or {@code .}. */
    public static List<Path> dataFiles(Path hourDir) {
        return list(hourDir).stream().filter(Files::isRegularFile).filter(p -> {
            String n = p.getFileName().toString();
            return !n.startsWith("_") && !n.startsWith(".");
        }).toList();
    }

    private static Map<Hour, Path> hourDirs(Path streamDir) {
        Map<Hour, Path> result = new TreeMap<>();
        for (Path y : partDirs(streamDir, "year")) {
            for (Path m : partDirs(y, "month")) {
                for (Path d : partDirs(m, "day")) {
                    for (Path h : partDirs(d, "hour")) {
                        try {
                            result.put(Hour.of(value(y), value(m), value(d), value(h)), h);
                        } catch (RuntimeException e) {
                            // month=13 and the like: not an hour directory, skip it
                        }
                    }
                }
            }
        }
        return result;
    }

    private static List<Path> partDirs(Path parent, String key) {
        return list(parent).stream().filter(Files::isDirectory).filter(p -> {
            Matcher m = PART.matcher(p.getFileName().toString());
            return m.matches() && m.group(1).equals(key);
        }).toList();
    }

    private static int value(Path p) {
        Matcher m = PART.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p.toString());
        }
        return Integer.parseInt(m.group(2));
    }

    private static long bytes(List<RawHour.Dir> dirs) {
        long total = 0;
        for (RawHour.Dir d : dirs) {
            for (Path f : dataFiles(d.path())) {
                total += size(f);
            }
        }
        return total;
    }

    private static long mtime(List<RawHour.Dir> dirs) {
        long newest = 0;
        for (RawHour.Dir d : dirs) {
            for (Path f : list(d.path())) {
                try {
                    newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return newest;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
