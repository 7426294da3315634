package dev.cutover.worker.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.OptionConverters;

/** Small Java <-> Scala bridges for the few Spark catalog APIs that only speak Scala. */
public final class Scala {

    private Scala() {
    }

    public static scala.collection.immutable.Map<String, String> map(Map<String, String> map) {
        return scala.collection.immutable.Map.from(CollectionConverters.asScala(map));
    }

    public static Map<String, String> javaMap(scala.collection.Map<String, String> map) {
        return new LinkedHashMap<>(CollectionConverters.asJava(map));
    }

    public static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toList();
    }

    public static <T> List<T> list(scala.collection.Seq<T> seq) {
        return List.copyOf(CollectionConverters.asJava(seq));
    }

    public static <T> Optional<T> optional(scala.Option<T> option) {
        return OptionConverters.toJava(option);
    }

    public static <T> scala.Option<T> option(T value) {
        return scala.Option.apply(value);
    }

    /** The observed metrics once the action that carried them finished; empty if they never arrive. */
    public static Optional<Row> observed(Observation observation, long timeoutSeconds) {
        try {
            Row row = scala.concurrent.Await.result(observation.future(),
                    scala.concurrent.duration.Duration.create(timeoutSeconds, TimeUnit.SECONDS));
            // an action whose plan was optimized away (empty input) reports an empty row
            return row == null || row.size() == 0 || row.isNullAt(0) ? Optional.empty() : Optional.of(row);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
