package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link Invocation}s in the syntax of the jobs that run them, one line per run.
 *
 * <p><b>Refine's hours.</b> Wikimedia's Refine ({@code org.wikimedia.analytics.refinery.job.refine.Refine}, in
 * wikimedia/analytics-refinery-source) reads {@code --since} and {@code --until} with refinery-tools'
 * {@code ConfigHelper.decodeDateTime}: either an integer number of hours ago (digits only) or an ISO-8601 date time
 * parsed by Joda's {@code ISODateTimeFormat.dateTimeParser()}; a date time without an offset is read in the JVM's
 * default time zone, so Cutover always writes the offset ({@code 2026-11-22T07:00:00Z}). {@code
 * RefineTarget.hoursInBetween(since, until)} then takes every hour from {@code since} rounded <i>up</i> to the hour
 * (inclusive) to {@code until} rounded <i>down</i> (exclusive); on whole hours that is exactly Cutover's [since,
 * until). Options are read as {@code --name value} or {@code --name=value}; Cutover writes the latter.
 *
 * <p><b>Refine's table regexes.</b> {@code table_include_regex} and {@code table_exclude_regex} are Scala regexes
 * matched by {@code RefineTarget.regexMatches} ({@code s match { case r(_*) => ... }}), i.e. against the whole
 * normalized Hive table name; a table matching both is excluded. Cutover's regex is anchored anyway
 * ({@link Invocation#includeRegex}), so it selects the same tables whether matched whole or found.
 */
public final class InvocationFormats {

    /** Words the shell leaves as they are (no quoting needed). */
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_:,./+-]+");

    private InvocationFormats() {
    }

    /** The formats of {@code ./cutover invocations --format}. */
    public enum Format {
        /** The API's response as it is. */
        JSON,
        /** One line of Refine options per run, shell-quoted. */
        REFINE_ARGS,
        /** One JSON object per run, for {@code airflow dags trigger --conf}. */
        AIRFLOW_CONF;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Reads {@code json}, {@code refine-args} or {@code airflow-conf}, naming the choices otherwise. */
        public static Format parse(String text) {
            for (Format format : values()) {
                if (format.wireName().equals(text)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown format '" + text + "'; use one of json, refine-args,"
                    + " airflow-conf");
        }
    }

    /** {@code 2026-11-22T07:00:00Z}: the start of {@code hour} as Refine reads it (with the offset, see above). */
    public static String refineTime(Hour hour) {
        return hour + ":00:00Z";
    }

    /**
     * The run as Refine's options, shell-quoted:
     * {@code --output_database=event --table_include_regex='^(?:a|b)$' --since=2026-11-22T07:00:00Z
     * --until=2026-11-22T10:00:00Z}.
     */
    public static String refineArgs(Invocation run) {
        return refineArgs(run, Optional.empty());
    }

    /**
     * {@link #refineArgs(Invocation)}, preceded by {@code --output_path=} the template with {@code {database}}
     * replaced by the run's database when one is given: Refine keeps each table's files (and its {@code _REFINED}
     * flags) under {@code output_path}, so each database needs its own.
     */
    public static String refineArgs(Invocation run, Optional<OutputPath> outputPath) {
        List<String> options = new ArrayList<>();
        outputPath.ifPresent(p -> options.add(option("output_path", p.of(run.outputDatabase()))));
        options.add(option("output_database", run.outputDatabase()));
        options.add(option("table_include_regex", run.tableIncludeRegex()));
        options.add(option("since", refineTime(run.since())));
        options.add(option("until", refineTime(run.until())));
        return String.join(" ", options);
    }

    /**
     * Where Refine writes a database's tables: a template such as {@code /wmf/data/{database}}.
     *
     * @param template a path with {@code {database}} in it
     */
    public record OutputPath(String template) {

        public static final String PLACEHOLDER = "{database}";

        public OutputPath {
            if (template == null || !template.contains(PLACEHOLDER)) {
                throw new IllegalArgumentException("output path '" + template + "' has no " + PLACEHOLDER + ": each"
                        + " database needs its own path (the shadow tables must not share production's files),"
                        + " e.g. /wmf/data/" + PLACEHOLDER);
            }
        }

        public String of(String database) {
            return template.replace(PLACEHOLDER, database);
        }
    }

    private static String option(String name, String value) {
        return "--" + name + "=" + shellQuote(value);
    }

    /**
     * {@code value} as one shell word: as it is when it holds only characters no POSIX shell treats specially,
     * otherwise in single quotes, each {@code '} written {@code '\''}.
     */
    public static String shellQuote(String value) {
        if (!value.isEmpty() && SHELL_SAFE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * The body of {@code airflow dags trigger --conf}: a run with Refine's time syntax for {@code since} and
     * {@code until} (so a DAG passes them to Refine unchanged) and the tables it selects.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AirflowConf(@JsonProperty("output_path") String outputPath,
                              @JsonProperty("output_database") String outputDatabase,
                              @JsonProperty("table_include_regex") String tableIncludeRegex,
                              @JsonProperty("since") String since,
                              @JsonProperty("until") String until,
                              @JsonProperty("tables") List<String> tables) {
    }

    /** The run as one line of JSON for {@code airflow dags trigger --conf}. */
    public static String airflowConf(Invocation run) {
        return airflowConf(run, Optional.empty());
    }

    /** {@link #airflowConf(Invocation)} with the database's {@code output_path} when a template is given. */
    public static String airflowConf(Invocation run, Optional<OutputPath> outputPath) {
        return ProtocolJson.write(new AirflowConf(outputPath.map(p -> p.of(run.outputDatabase())).orElse(null),
                run.outputDatabase(), run.tableIncludeRegex(), refineTime(run.since()), refineTime(run.until()),
                run.tables()));
    }

    /** The held hours as one line for a person (the machine formats print runs only). */
    public static String heldLine(HeldHours held) {
        return "held (in no run): " + held.stream() + " " + held.since() + ".." + held.until() + " (until exclusive): "
                + held.reason();
    }
}
