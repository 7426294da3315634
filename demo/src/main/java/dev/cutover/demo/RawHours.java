package dev.cutover.demo;

import dev.cutover.protocol.Hour;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Raw hours in Gobblin's layout: releasing generated hours one at a time, and listing the complete ones. */
final class RawHours {

    private RawHours() {
    }

    /**
     * Moves every {@code .../year=Y/month=M/day=D/hour=H} directory of {@code hour} from staging into raw, its
     * {@code _IMPORTED} flags stamped {@code at}: the hour was imported now, as Gobblin writes the flag when an import
     * completes (a job that starts hours a while after their input is complete counts from it).
     */
    static int release(Path staging, Path raw, Hour hour, Instant at) throws IOException {
        String suffix = String.format("year=%04d/month=%02d/day=%02d/hour=%02d", hour.year(), hour.month(), hour.day(),
                hour.hourOfDay());
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(staging)) {
            dirs = walk.filter(Files::isDirectory)
                    .filter(p -> staging.relativize(p).toString().replace('\\', '/').endsWith(suffix)).toList();
        }
        for (Path dir : dirs) {
            Path target = raw.resolve(staging.relativize(dir));
            Files.createDirectories(target.getParent());
            Files.move(dir, target);
            Path flag = target.resolve("_IMPORTED");
            if (Files.exists(flag)) {
                Files.setLastModifiedTime(flag, FileTime.from(at));
            }
        }
        return dirs.size();
    }

    /** Every complete raw hour ({@code _IMPORTED} present) under {@code raw}. */
    static List<InvariantCheck.RawHour> complete(Path raw) throws IOException {
        List<InvariantCheck.RawHour> hours = new ArrayList<>();
        if (!Files.isDirectory(raw)) {
            return hours;
        }
        try (Stream<Path> walk = Files.walk(raw)) {
            for (Path flag : walk.filter(p -> p.getFileName().toString().equals("_IMPORTED")).toList()) {
                Path rel = raw.relativize(flag.getParent());
                String topic = rel.getName(0).toString();
                int y = value(rel.getName(1)), m = value(rel.getName(2)), d = value(rel.getName(3)),
                        h = value(rel.getName(4));
                String stream = topic;
                String dc = null;
                if (!topic.startsWith("eventlogging_") && topic.indexOf('.') > 0) {
                    dc = topic.substring(0, topic.indexOf('.'));
                    stream = topic.substring(topic.indexOf('.') + 1);
                }
                hours.add(new InvariantCheck.RawHour(stream, Hour.of(y, m, d, h), dc));
            }
        }
        return hours;
    }

    private static int value(Path part) {
        String s = part.toString();
        return Integer.parseInt(s.substring(s.indexOf('=') + 1));
    }
}
