package dev.cutover.worker.migrate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Applies versioned Hive DDL from a directory of {@code V<number>__<description>.sql} files, in version
 * order. Applied versions are recorded in the Hive table {@code cutover_meta.schema_migrations}
 * (version, description, checksum, applied_at) in the same metastore, so a second run does nothing and a
 * cluster's record lives with its metastore. A file changed after it was applied is an error (its
 * checksum no longer matches); statements are separated by {@code ;} at the end of a line and
 * {@code --} comment lines are ignored.
 */
public final class Migrator {

    public static final String META_DATABASE = "cutover_meta";
    public static final String TABLE = "`" + META_DATABASE + "`.`schema_migrations`";
    private static final Pattern FILE = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private final SparkSession spark;
    private final Clock clock;

    public Migrator(SparkSession spark, Clock clock) {
        this.spark = spark;
        this.clock = clock;
    }

    public record Migration(int version, String description, Path file, String sql, String checksum) {
    }

    public record Result(@JsonProperty("applied") List<String> applied, @JsonProperty("already_applied") List<String> already) {
    }

    public static List<Migration> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("migrations directory " + dir + " does not exist; pass --migrations-dir");
        }
        List<Migration> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                String sql = Files.readString(f, StandardCharsets.UTF_8);
                list.add(new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), f, sql, sha256(sql)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations from " + dir, e);
        }
        list.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).version() == list.get(i - 1).version()) {
                throw new IllegalArgumentException("two migrations have version " + list.get(i).version() + ": "
                        + list.get(i - 1).file() + " and " + list.get(i).file());
            }
        }
        return list;
    }

    public Result apply(List<Migration> migrations) {
        spark.sql("CREATE DATABASE IF NOT EXISTS `" + META_DATABASE + "`");
        spark.sql("CREATE TABLE IF NOT EXISTS " + TABLE + " (version INT, description STRING, checksum STRING,"
                + " applied_at STRING) STORED AS PARQUET");
        Map<Integer, String> applied = new HashMap<>();
        for (Row r : spark.sql("SELECT version, checksum FROM " + TABLE).collectAsList()) {
            applied.put(r.getInt(0), r.getString(1));
        }
        List<String> done = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (Migration m : migrations) {
            String name = "V" + m.version() + " " + m.description();
            if (applied.containsKey(m.version())) {
                if (!applied.get(m.version()).equals(m.checksum())) {
                    throw new IllegalStateException("migration " + m.file() + " changed after it was applied (checksum "
                            + m.checksum() + ", recorded " + applied.get(m.version()) + "); add a new version instead");
                }
                already.add(name);
                continue;
            }
            for (String statement : statements(m.sql())) {
                spark.sql(statement);
            }
            spark.sql("INSERT INTO " + TABLE + " VALUES (" + m.version() + ", '" + m.description().replace("'", "")
                    + "', '" + m.checksum() + "', '" + clock.instant() + "')");
            done.add(name);
        }
        return new Result(done, already);
    }

    static List<String> statements(String sql) {
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.trim().startsWith("--")) {
                clean.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : clean.toString().split(";\\s*(\n|$)")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
