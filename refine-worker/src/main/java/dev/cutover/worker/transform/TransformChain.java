package dev.cutover.worker.transform;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A job's ordered transform list; {@link #apply} runs the entries whose scope covers the stream. */
public record TransformChain(List<TransformSpec> specs) {

    public static final String DEFAULTS = "remove_canary_events,deduplicate,add_normalized_host";

    public TransformChain {
        specs = List.copyOf(specs);
    }

    public static TransformChain parse(String text) {
        return new TransformChain(TransformSpec.parseList(text));
    }

    public static TransformChain defaults() {
        return parse(DEFAULTS);
    }

    public Dataset<Row> apply(String stream, Dataset<Row> input) {
        Dataset<Row> result = input;
        for (TransformSpec spec : specs) {
            if (spec.appliesTo(stream)) {
                result = spec.transform().apply(result);
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return String.join(",", specs.stream().map(TransformSpec::toString).toList());
    }
}
