package dev.cutover.streamconfig.cli;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SwitchState;
import dev.cutover.streamconfig.source.ConfigSource;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.FetchResult;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cutover streams}: lists every entry of a stream config with its table, whether Cutover manages it,
 * the flag, the leader job, the database per job and any problems. Exit code 0 when the source was read,
 * 2 (one line on stderr) when it could not be.
 *
 * <p>Regex keys (e.g. {@code /^mediawiki\.job\..+/}) are listed too, with table {@code -} in the text table and
 * {@code null} in JSON: they match many streams, and each matching stream has a table of its own name. A stream
 * whose name leaves no table name (e.g. {@code eventlogging_}) is listed the same way, with a problem saying why;
 * the other streams are unaffected. Managed streams whose names map to one table (e.g. {@code a/b} and {@code a-b})
 * are listed with a problem naming each other. A regex key that gives up on one of the stream names known (named streams and
 * override entries; catastrophic backtracking, see {@code RegexKey}) shows that as its problem.
 */
@Command(name = "streams", mixinStandardHelpOptions = true, version = "cutover streams 0.1",
        description = "List every stream of a stream config: table, managed, flag, leader, databases, problems.",
        footer = {"", "Exit codes: 0 the config was read, 2 it could not be (the reason is on stderr)."})
public final class StreamsCommand implements Callable<Integer> {

    static final String REGEX_NOTE = "Regex keys (table '-') match many streams; each matching stream gets the"
            + " entry's settings and a table named after itself.";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "streams", hidden = true,
            description = "the command name, as the launcher passes it (ignored)")
    String commandName;

    @Option(names = "--config-source", required = true, paramLabel = "FILE_OR_URL",
            description = "a JSON/YAML file ({\"streams\": {...}} or a bare map) or an http(s) URL of MediaWiki's"
                    + " api.php (action=streamconfigs is added when missing)")
    String configSource;

    @Option(names = "--override", paramLabel = "FILE", description = "an override layer file merged over the source")
    Path override;

    @Option(names = "--json", description = "print a JSON array instead of a table")
    boolean json;

    @Option(names = "--flag-pointer", paramLabel = "POINTER", description = "where the flag lives (default: ${DEFAULT-VALUE})")
    String flagPointer = CutoverSettings.DEFAULTS.flagPointer().toString();

    @Option(names = "--production-database", paramLabel = "DB", description = "default: ${DEFAULT-VALUE}")
    String productionDatabase = CutoverSettings.DEFAULTS.productionDatabase().value();

    @Option(names = "--legacy-job", paramLabel = "JOB", description = "default: ${DEFAULT-VALUE}")
    String legacyJob = CutoverSettings.DEFAULTS.legacyJob();

    @Option(names = "--legacy-database", paramLabel = "DB", description = "the legacy job's shadow database (default: ${DEFAULT-VALUE})")
    String legacyDatabase = CutoverSettings.DEFAULTS.legacyShadow().value();

    @Option(names = "--new-job", paramLabel = "JOB", description = "default: ${DEFAULT-VALUE}")
    String newJob = CutoverSettings.DEFAULTS.newJob();

    @Option(names = "--new-database", paramLabel = "DB", description = "the new job's shadow database (default: ${DEFAULT-VALUE})")
    String newDatabase = CutoverSettings.DEFAULTS.newShadow().value();

    @Option(names = "--user-agent", paramLabel = "UA", description = "HTTP User-Agent (default: ${DEFAULT-VALUE})")
    String userAgent = SourceOptions.DEFAULT_USER_AGENT;

    @Option(names = "--stream", paramLabel = "NAME", split = ",",
            description = "MediaWiki API only: ask for these streams only (repeatable or comma-separated; sent in"
                    + " batches of 250)")
    List<String> streams = new ArrayList<>();

    @Option(names = "--constraints", paramLabel = "K=V",
            description = "MediaWiki API only: the constraints parameter, e.g."
                    + " destination_event_service=eventgate-analytics")
    String constraints;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "HTTP read timeout (default: ${DEFAULT-VALUE})")
    long timeoutSeconds = 30;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamsCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (commandName != null && !commandName.equals("streams")) {
            err.println("streams: unexpected argument '" + commandName + "'; see --help");
            return 2;
        }
        try {
            CutoverSettings settings = settings();
            Loaded loaded = load();
            loaded.warnings().forEach(w -> err.println("warning: " + w));
            Map<String, String> givingUp = loaded.snapshot().regexKeysGivingUp(loaded.names());
            Map<String, SwitchState> named = SwitchState.readAll(loaded.snapshot(), settings);
            List<StreamRow> rows = loaded.snapshot().streams().values().stream()
                    .map(c -> StreamRow.of(c, named.getOrDefault(c.name(), SwitchState.read(c.name(), c, settings)),
                            settings, Optional.ofNullable(givingUp.get(c.name())).stream().toList()))
                    .toList();
            if (json) {
                out.println(JSON.writeValueAsString(toJson(rows, settings)));
            } else {
                out.print(StreamTable.render(rows, settings));
                out.println(summary(loaded.snapshot(), rows));
            }
            out.flush();
            return 0;
        } catch (UsageProblem | IllegalArgumentException | UncheckedIOException e) {
            err.println("streams: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("streams: cannot write the output (" + e.getMessage() + ")");
            return 2;
        }
    }

    private CutoverSettings settings() {
        List<String> problems = new ArrayList<>();
        DatabaseName production = database("--production-database", productionDatabase, problems);
        DatabaseName legacy = database("--legacy-database", legacyDatabase, problems);
        DatabaseName fresh = database("--new-database", newDatabase, problems);
        JsonPointer pointer = null;
        try {
            pointer = JsonPointer.compile(flagPointer);
        } catch (IllegalArgumentException e) {
            problems.add("--flag-pointer '" + flagPointer + "' is not a JSON pointer (" + e.getMessage() + ")");
        }
        if (problems.isEmpty()) {
            problems.addAll(CutoverSettings.problems(legacyJob, newJob, production, legacy, fresh));
        }
        if (!problems.isEmpty()) {
            throw new UsageProblem(String.join("; ", problems));
        }
        return new CutoverSettings(pointer, CutoverSettings.DEFAULTS.enabledPointer(), production, legacyJob, legacy,
                newJob, fresh);
    }

    private static DatabaseName database(String option, String value, List<String> problems) {
        if (!DatabaseName.isValid(value)) {
            problems.add(option + " '" + value + "' is not a valid database name (letters, digits, '_')");
            return null;
        }
        return DatabaseName.of(value);
    }

    /**
     * @param names every stream name known: the snapshot's named streams and the override layer's (the regex keys
     *              are checked against them, so a key that gives up on one is a problem of that key)
     */
    private record Loaded(Snapshot snapshot, List<String> warnings, Set<String> names) {
    }

    private Loaded load() {
        SourceOptions options = SourceOptions.defaults().withClock(Clock.systemUTC()).withUserAgent(userAgent)
                .withTimeouts(Duration.ofSeconds(Math.min(timeoutSeconds, 10)), Duration.ofSeconds(timeoutSeconds))
                .withStreams(streams).withConstraints(constraints);
        ConfigSource source = ConfigSources.open(configSource, options);
        LayeredConfigSource layered = null;
        if (override != null) {
            if (!Files.isRegularFile(override)) {
                throw new UsageProblem("override file " + override + " not found; check --override");
            }
            layered = new LayeredConfigSource(source, OverrideLayer.open(override, Clock.systemUTC()));
            source = layered;
        }
        try (ConfigSource open = source) {
            FetchResult result = open.fetch(Optional.empty());
            if (result instanceof FetchResult.Changed changed) {
                Set<String> names = new LinkedHashSet<>();
                changed.snapshot().namedStreams().forEach(c -> names.add(c.name()));
                if (layered != null) {
                    names.addAll(layered.layer().state().streams().keySet());
                }
                return new Loaded(changed.snapshot(), layered == null ? List.of() : layered.problems(), names);
            }
            if (result instanceof FetchResult.Failed failed) {
                throw new UsageProblem("cannot read the stream config: " + failed.error());
            }
            throw new UsageProblem("cannot read the stream config from " + open.describe() + ": no content");
        }
    }

    private static ArrayNode toJson(List<StreamRow> rows, CutoverSettings settings) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (StreamRow row : rows) {
            ObjectNode node = array.addObject();
            node.put("stream", row.stream());
            node.put("table", row.table().orElse(null));
            node.put("managed", row.managed());
            node.put("flag", row.flag().orElse(null));
            node.put("leader", row.leader().orElse(null));
            ObjectNode databases = node.putObject("databases");
            row.databases().forEach(databases::put);
            ArrayNode problems = node.putArray("problems");
            row.problems().forEach(problems::add);
        }
        return array;
    }

    private static String summary(Snapshot snapshot, List<StreamRow> rows) {
        long regex = rows.stream().filter(StreamRow::regex).count();
        long managed = rows.stream().filter(StreamRow::managed).count();
        long problems = rows.stream().filter(r -> !r.problems().isEmpty()).count();
        String text = String.format("%n%d entries from %s (%d streams, %d regex keys): %d managed, %d with problems;"
                        + " version %s", rows.size(), snapshot.origin(), rows.size() - regex, regex, managed, problems,
                snapshot.version().orElse("-"));
        return regex > 0 ? text + System.lineSeparator() + REGEX_NOTE : text;
    }

    /** A problem the user can fix; reported on one line with exit code 2. */
    static final class UsageProblem extends RuntimeException {
        UsageProblem(String message) {
            super(message);
        }
    }
}
