package dev.cutover.worker.transform;

import dev.cutover.worker.schema.TableShape;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A job's ordered transform list; {@link #apply} runs the entries whose scope covers the stream, and
 * {@link #tableShape} reads the table options among them.
 */
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
            if (spec.appliesTo(stream) && !spec.isTableOption()) {
                result = spec.transform().apply(result);
            }
        }
        return result;
    }

    /** How {@code stream}'s table schema is shaped: the peer's way, unless a table option of this list says otherwise. */
    public TableShape tableShape(String stream) {
        return new TableShape(specs.stream().anyMatch(s -> s.isTableOption() && s.appliesTo(stream)
                && s.name().equals(TableShape.TOP_LEVEL_COMMENTS)));
    }

    @Override
    public String toString() {
        return String.join(",", specs.stream().map(TransformSpec::toString).toList());
    }
}
