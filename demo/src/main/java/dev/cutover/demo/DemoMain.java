package dev.cutover.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the demo module; the launcher passes the command name first: {@code demo [options]}. */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = "Cutover demo: the whole cutover story on embedded defaults.",
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class DemoMain {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new DemoMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("cutover " + commandLine.getCommandName() + ": " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }
}
