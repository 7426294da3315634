package dev.cutover.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.worker.migrate.Migrator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply versioned Hive DDL (V<n>__<name>.sql) in order; applied versions are recorded in"
                + " cutover_meta.schema_migrations, so a second run does nothing. Prints a JSON result."})
public final class MigrateCommand extends SparkCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--migrations-dir", description = "Default: ${cutover.home}/migrations/hive")
    Path migrationsDir;

    public MigrateCommand(WorkerContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        Path dir = migrationsDir != null ? migrationsDir : CommonOptions.home().resolve("migrations/hive");
        Migrator.Result result = new Migrator(spark(common, "migrate"), context.clock()).apply(Migrator.load(dir));
        context.out().println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }
}
