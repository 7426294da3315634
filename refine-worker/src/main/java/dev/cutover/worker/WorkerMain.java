package dev.cutover.worker;

import dev.cutover.worker.cli.CompareCommand;
import dev.cutover.worker.cli.CopyCommand;
import dev.cutover.worker.cli.EvolveCommand;
import dev.cutover.worker.cli.GenerateCommand;
import dev.cutover.worker.cli.InspectCommand;
import dev.cutover.worker.cli.MigrateCommand;
import dev.cutover.worker.cli.RefineCommand;
import dev.cutover.worker.cli.WorkCommand;
import dev.cutover.worker.cli.WorkerContext;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The refine worker's entry point: {@code WorkerMain <command> [options]} with the commands refine, work,
 * compare, copy, evolve, migrate, generate and inspect. Exit codes: 0 success, 1 some hours/items failed
 * (or a compare FAIL), 2 bad usage or configuration, 3 compare NODATA.
 */
@Command(name = "cutover-worker", mixinStandardHelpOptions = true,
        description = "Cutover's Spark SQL data plane: refine raw events into Hive, compare, copy, evolve, migrate.",
        subcommands = {RefineCommand.class, WorkCommand.class, CompareCommand.class, CopyCommand.class,
                EvolveCommand.class, MigrateCommand.class, GenerateCommand.class, InspectCommand.class,
                CommandLine.HelpCommand.class})
public final class WorkerMain {

    public static void main(String[] args) {
        int code = run(args, WorkerContext.system(Clock.systemUTC()));
        System.exit(code);
    }

    /** Parses {@code args}, runs the command and returns its exit code. */
    public static int run(String[] args, WorkerContext context) {
        CommandLine cli = new CommandLine(new WorkerMain(), new ContextFactory(context));
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintStream err = context.err();
            err.println("error: " + Errors.rootMessage(e));
            return e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException ? 2 : 1;
        });
        return cli.execute(args);
    }

    /** Gives every command the process context (streams, clock, Spark session factory). */
    private record ContextFactory(WorkerContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(WorkerContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
