package dev.cutover.worker.commit;

import dev.cutover.protocol.Hour;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a commit puts its files, and which old ones may go. Every commit of a (table, hour) gets a fresh directory
 * {@code <table>/_commits/year=Y/month=M/day=D/hour=H/<commit id>/} (one {@code datacenter=<dc>} sub-directory per
 * datacenter partition); the commit id is {@code yyyyMMdd'T'HHmmss-<8 hex digits>}, its time the commit's UTC start,
 * so ids of one hour sort by time. Pure: locations are computed, never looked up.
 *
 * <p>Paths are built the way Hadoop's {@code Path} builds them (a trailing or doubled slash of the table location
 * is dropped, characters a URI path cannot hold are quoted), so a location computed here equals the one a Hadoop
 * path of the same directory gives.
 */
public final class CommitLayout {

    public static final String COMMITS_DIR = "_commits";
    public static final String COMMIT_FILE = "_COMMIT.json";
    public static final String DATACENTER = "datacenter";

    private static final DateTimeFormatter COMMIT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Pattern COMMIT_ID = Pattern.compile("(\\d{8}T\\d{6})-[0-9a-f]{8}");
    private static final Pattern SUFFIX = Pattern.compile("[0-9a-f]{8}");

    private final Clock clock;
    private final Supplier<String> suffixes;

    /** Ids from {@code clock} and random suffixes. */
    public CommitLayout(Clock clock) {
        this(clock, () -> UUID.randomUUID().toString().substring(0, 8));
    }

    /** @param suffixes gives the 8 lower-case hex digits that make ids of the same second distinct */
    public CommitLayout(Clock clock, Supplier<String> suffixes) {
        this.clock = clock;
        this.suffixes = suffixes;
    }

    /** A fresh commit id: the clock's time, then a suffix. */
    public String newCommitId() {
        String suffix = suffixes.get();
        if (suffix == null || !SUFFIX.matcher(suffix).matches()) {
            throw new IllegalStateException("a commit id suffix is 8 lower-case hex digits, not '" + suffix + "'");
        }
        return COMMIT_TIME.format(clock.instant()) + "-" + suffix;
    }

    public static boolean isCommitId(String name) {
        return name != null && COMMIT_ID.matcher(name).matches();
    }

    /** The time part of a commit id ({@code yyyyMMdd'T'HHmmss}); ids compare by it. */
    public static String commitTime(String commitId) {
        Matcher m = COMMIT_ID.matcher(commitId);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + commitId + "' is not a commit id");
        }
        return m.group(1);
    }

    /** The partition spec of an hour, in partition column order: {@code year, month, day, hour}, no leading zeros. */
    public static Map<String, String> hourSpec(Hour hour) {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("year", Integer.toString(hour.year()));
        spec.put("month", Integer.toString(hour.month()));
        spec.put("day", Integer.toString(hour.day()));
        spec.put("hour", Integer.toString(hour.hourOfDay()));
        return spec;
    }

    /** {@code year=Y/month=M/day=D/hour=H}. */
    public static String hourPath(Hour hour) {
        return "year=" + hour.year() + "/month=" + hour.month() + "/day=" + hour.day() + "/hour=" + hour.hourOfDay();
    }

    /** {@code <table>/_commits/<hour path>}: the commit directories of the hour are its children. */
    public static URI hourDir(URI tableLocation, Hour hour) {
        return child(tableLocation, COMMITS_DIR + "/" + hourPath(hour));
    }

    /** {@code <table>/_commits/<hour path>/<commit id>}: where a commit stages everything it writes. */
    public static URI commitDir(URI tableLocation, Hour hour, String commitId) {
        return child(hourDir(tableLocation, hour), commitId);
    }

    /**
     * Where a commit puts one partition of the hour: its commit directory, or its {@code datacenter=<dc>}
     * sub-directory when {@code spec} has a datacenter.
     */
    public static URI partitionDir(URI tableLocation, Hour hour, String commitId, Map<String, String> spec) {
        URI dir = commitDir(tableLocation, hour, commitId);
        String dc = spec.get(DATACENTER);
        return dc == null ? dir : child(dir, DATACENTER + "=" + dc);
    }

    /**
     * The commit id of a partition location inside this table's {@code _commits/<hour>/}, if it is one (only the
     * paths are compared: the same directory may be written with or without the file system's authority).
     */
    public static Optional<String> commitIdOf(URI tableLocation, Hour hour, URI partitionLocation) {
        String prefix = path(hourDir(tableLocation, hour)) + "/";
        String path = path(partitionLocation);
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String id = path.substring(prefix.length()).split("/")[0];
        return isCommitId(id) ? Optional.of(id) : Optional.empty();
    }

    /**
     * The commit directories of an hour a cleanup may delete, given the names of the directories in
     * {@link #hourDir}: those older, by commit time, than every commit the switch replaced, never the new one nor a
     * replaced one (a query that planned against a replaced commit still finds its files, until the next commit of
     * the hour). Nothing when no commit of Cutover's was replaced. Names that are not commit ids are never chosen.
     *
     * @param newCommit the commit that just became visible; null when the hour was dropped
     */
    public static List<String> deletable(Collection<String> directories, String newCommit, Set<String> replaced) {
        Optional<String> oldestKept = replaced.stream().filter(CommitLayout::isCommitId).map(CommitLayout::commitTime)
                .min(String::compareTo);
        if (oldestKept.isEmpty()) {
            return List.of();
        }
        return directories.stream()
                .filter(name -> isCommitId(name) && !name.equals(newCommit) && !replaced.contains(name)
                        && commitTime(name).compareTo(oldestKept.get()) < 0)
                .sorted().toList();
    }

    /** {@code base/relative}, built as Hadoop builds a child path. */
    static URI child(URI base, String relative) {
        try {
            String parent = path(base);
            return new URI(base.getScheme(), base.getAuthority(), (parent.endsWith("/") ? parent : parent + "/") + relative,
                    null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a location under " + base + ": " + e.getMessage(), e);
        }
    }

    /** The location's path without doubled or trailing slashes. */
    private static String path(URI location) {
        String path = location.getPath() == null ? "" : location.getPath().replaceAll("/{2,}", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
