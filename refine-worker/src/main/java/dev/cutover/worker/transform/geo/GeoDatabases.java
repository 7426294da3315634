package dev.cutover.worker.transform.geo;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The GeoIP2 City databases this JVM (the driver, each executor) has open: each file is opened once, memory-mapped
 * (the OS shares its pages between processes) with a node cache, and used by every task thread (MaxMind's reader is
 * thread-safe). A file is known by its {@link Version}, so a database replaced in place (the weekly update) is
 * opened anew by the next refine that sees it; the old reader is dropped, never closed under a running task.
 */
public final class GeoDatabases {

    /** A database file as the driver saw it; each executor opens the file at the same path. */
    public record Version(String path, long modified, long size) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static final LoadingCache<Version, Geocoder> OPEN = Caffeine.newBuilder().maximumSize(4)
            .build(GeoDatabases::open);

    private GeoDatabases() {
    }

    /**
     * Checks that {@code path} is a readable GeoIP2 or GeoLite2 City database (opening it in this JVM) and returns
     * its version; fails naming the file, the problem and the options that set it.
     */
    public static Version check(Path path) {
        Path file = path.toAbsolutePath().normalize();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(problem(file.toString(), "does not exist or cannot be read ("
                    + e.getClass().getSimpleName() + ")"), e);
        }
        if (!attributes.isRegularFile() || !Files.isReadable(file)) {
            throw new IllegalArgumentException(problem(file.toString(), "is not a readable file"));
        }
        Version version = new Version(file.toString(), attributes.lastModifiedTime().toMillis(), attributes.size());
        geocoder(version);
        return version;
    }

    /** The geocoder over {@code version}'s file, opened on first use in this JVM. */
    public static Geocoder geocoder(Version version) {
        return OPEN.get(version);
    }

    private static Geocoder open(Version version) {
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(new File(version.path())).withCache(new CHMCache()).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(problem(version.path(), "is not a MaxMind DB file (" + e.getMessage()
                    + ")"), e);
        }
        String type = reader.metadata().databaseType();
        if (type == null || !type.contains("City")) {
            try {
                reader.close();
            } catch (IOException e) {
                // nothing was read from it; the refusal below is the error to report
            }
            throw new IllegalArgumentException(problem(version.path(), "is a '" + type + "' database, not a City one"));
        }
        return new Geocoder(reader);
    }

    static String problem(String path, String what) {
        return "geocode_ip: the GeoIP2 City database " + path + " " + what + "; pass a GeoIP2-City or GeoLite2-City"
                + " .mmdb file that the driver and every executor can read, with --geoip-db FILE (or CUTOVER_GEOIP_DB)"
                + " or as geocode_ip(FILE)";
    }
}
