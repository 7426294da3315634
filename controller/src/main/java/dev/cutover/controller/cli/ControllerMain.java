package dev.cutover.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the controller commands; the launcher passes the command name first: {@code
 * controller|status|plan|promote|rollback|events|invocations|decommission|override|accept-override-layer|journal}
 * (the demo is a module of its own: {@code dev.cutover.demo.DemoMain}).
 */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = "Cutover controller: run the service, inspect it, promote or roll back streams.",
        subcommands = {ServeCommand.class, StatusCommand.class, PlanCommand.class, PromoteCommand.class,
                RollbackCommand.class, EventsCommand.class, InvocationsCommand.class,
                RequestCommand.OverrideRequest.class, RequestCommand.DecommissionRequest.class,
                AcceptOverrideLayerCommand.class, JournalCommand.class})
public final class ControllerMain {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ControllerMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("cutover " + commandLine.getCommandName() + ": " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }
}
