package dev.cutover.worker.raw;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Hadoop configurations for reaching raw input. */
public final class HadoopConf {

    private static final String PREFIX = "spark.hadoop.";

    private HadoopConf() {
    }

    /**
     * The Hadoop configuration a Spark session built with {@code sparkConf} gets, for discovering raw input
     * before the session starts: the classpath's {@code core-site.xml} and the like (under spark-submit,
     * {@code HADOOP_CONF_DIR}), then every {@code spark.hadoop.*} setting without the prefix, those of the
     * system properties (spark-submit passes its {@code --conf} that way) first, then {@code sparkConf}'s.
     * Once a session exists, use its {@code sparkContext().hadoopConfiguration()} instead.
     */
    public static Configuration fromSpark(Map<String, String> sparkConf) {
        Map<String, String> all = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX)).sorted()
                .forEach(k -> all.put(k, System.getProperty(k)));
        all.putAll(sparkConf);
        Configuration conf = new Configuration();
        all.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && k.length() > PREFIX.length()) {
                conf.set(k.substring(PREFIX.length()), v);
            }
        });
        return conf;
    }
}
