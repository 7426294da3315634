package dev.cutover.simulation;

import dev.cutover.controller.routelog.RouteLogException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ./cutover simulate}: the whole migration under faults, deterministic from its seed, checked after every
 * step. Exit 0 without violations, 1 on a violation (seed, step and trace printed), 2 on bad options.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulate the whole migration (real controller state machine, journal and commit protocol)"
                + " under faults, deterministically from a seed, checking the invariants after every step.")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--streams", description = "streams to simulate (default: ${DEFAULT-VALUE})", defaultValue = "100")
    int streams;

    @Option(names = "--days", description = "simulated days (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int days;

    @Option(names = "--seed", description = "the seed: the same seed gives the same run (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    long seed;

    @Option(names = "--faults", split = ",", paramLabel = "LIST",
            description = "faults to inject: all (default), none, or a comma-separated list of: ${COMPLETION-CANDIDATES}")
    List<String> faults = List.of("all");

    @Option(names = "--rate", paramLabel = "FAULT=R", split = ",",
            description = "a fault's rate instead of its default, 0 to 1 (repeatable, e.g. --rate controller-kill=0.04)")
    List<String> rates = List.of();

    @Option(names = "--plan", paramLabel = "FILE", description = "a migration plan whose settings and policies to use")
    Path plan;

    @Option(names = "--inject-bug", paramLabel = "NAME", description = "switch on a known defect the checker must catch")
    String bug;

    @Option(names = "--fixture", paramLabel = "FILE", description = "the production stream config the streams are"
            + " drawn from (default: ../shared/fixtures/streamconfigs/production-all.json)")
    Path fixture;

    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "the controller's route log is Kafka's topics"
            + " on this cluster instead of the journal, and every restart restores from them (creates topics"
            + " cutover-sim-<seed>-<random>.*: use a test cluster)")
    String kafka;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public SimulateCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // the simulated faults make the config tracker warn by the hundred; the summary counts them instead
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        // the launcher passes the command's name first
        String[] rest = args.length > 0 && args[0].equals("simulate") ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : args;
        System.exit(run(rest, System.out, System.err, System.console() != null));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        CommandLine cli = new CommandLine(new SimulateCommand(out, err, terminal));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("cutover simulate: " + ex.getMessage());
            err.println("run './cutover simulate --help' for the options");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (streams < 1 || streams > 100_000) {
            problems.add("--streams must be between 1 and 100000 (got " + streams + ")");
        }
        if (days < 1 || days > 365) {
            problems.add("--days must be between 1 and 365 (got " + days + ")");
        }
        Set<FaultKind> kinds = parseFaults(faults, problems);
        Map<FaultKind, Double> rateOf = parseRates(rates, problems);
        Optional<InjectedBug> injected = Optional.empty();
        if (bug != null) {
            injected = InjectedBug.byWireName(bug);
            if (injected.isEmpty()) {
                problems.add("--inject-bug: unknown bug '" + bug + "' (known: " + names(InjectedBug.values()) + ")");
            }
        }
        if (plan != null && !Files.isRegularFile(plan)) {
            problems.add("--plan: no such file " + plan);
        }
        if (kafka != null && (kafka.isBlank() || kafka.contains(" "))) {
            problems.add("--kafka: '" + kafka + "' is no bootstrap address (host:port[,host:port...])");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("cutover simulate: " + p));
            return 2;
        }
        Path shared = Path.of(System.getProperty("cutover.shared.dir",
                Path.of(System.getProperty("cutover.home", ".")).resolve("../shared").toString()));
        Path config = fixture != null ? fixture : shared.resolve("fixtures/streamconfigs/production-all.json");
        SimOptions options = new SimOptions(streams, days, seed, kinds, injected, config, Optional.ofNullable(plan),
                terminal && !json ? Optional.of(err) : Optional.empty(), rateOf, Optional.ofNullable(kafka));
        SimulationResult result;
        try {
            result = new Simulation(options).run();
        } catch (RouteLogException e) {
            err.println("cutover simulate: the controller's route log failed: " + e.getMessage());
            err.println("check --kafka (a reachable test cluster whose principal may create topics and use"
                    + " transactions), or leave it out to use the journal");
            return 2;
        }
        out.print(json ? result.json() + System.lineSeparator() : result.table());
        return result.ok() ? 0 : 1;
    }

    static Set<FaultKind> parseFaults(List<String> names, List<String> problems) {
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String name : names) {
            String n = name.trim();
            if (n.equals("all")) {
                kinds.addAll(EnumSet.allOf(FaultKind.class));
            } else if (!n.equals("none")) {
                FaultKind.byWireName(n).ifPresentOrElse(kinds::add, () -> problems.add("--faults: unknown fault '" + n
                        + "' (known: all, none, " + names(FaultKind.values()) + ")"));
            }
        }
        return kinds;
    }

    static Map<FaultKind, Double> parseRates(List<String> values, List<String> problems) {
        Map<FaultKind, Double> rateOf = new EnumMap<>(FaultKind.class);
        for (String value : values) {
            int eq = value.indexOf('=');
            Optional<FaultKind> kind = eq < 0 ? Optional.empty() : FaultKind.byWireName(value.substring(0, eq).trim());
            if (kind.isEmpty()) {
                problems.add("--rate: '" + value + "' is not FAULT=RATE with a known fault (known: "
                        + names(FaultKind.values()) + ")");
                continue;
            }
            try {
                double r = Double.parseDouble(value.substring(eq + 1).trim());
                if (!(r >= 0 && r <= 1)) {
                    throw new NumberFormatException("out of range");
                }
                rateOf.put(kind.get(), r);
            } catch (NumberFormatException e) {
                problems.add("--rate: the rate in '" + value + "' must be a number from 0 to 1");
            }
        }
        return rateOf;
    }

    private static String names(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> v : values) {
            names.add(v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        return String.join(", ", names);
    }
}
