package dev.cutover.demo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./cutover demo}: the whole cutover story on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the cutover story on embedded defaults: canary, automated promotion, a stream held back"
                + " by FAIL verdicts, a rollback, and the I1-I3 proof for every production partition.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--state-dir", defaultValue = "${env:CUTOVER_STATE_DIR:-.cutover}/demo",
            description = "Where the demo keeps everything (wiped at start; default .cutover/demo).")
    String stateDir;

    @Option(names = "--fast", description = "Fewer hours and events (CI).")
    boolean fast;

    @Option(names = "--keep-running", description = "Keep the controller running at the end to look further.")
    boolean keepRunning;

    @Option(names = "--kafka", description = "Run the control plane on Kafka (routes, audit, reports topics; the"
            + " worker reports to Kafka): an in-process KRaft broker, or the one of --kafka-bootstrap.")
    boolean kafka;

    @Option(names = "--kafka-bootstrap", description = "With --kafka: an external broker instead of an in-process"
            + " one (the demo creates topics of its own, prefixed demo-<time>-).")
    String kafkaBootstrap;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("cutover.home", "."));
        DemoOptions options = new DemoOptions(home, Path.of(stateDir), fast, keepRunning,
                kafka || kafkaBootstrap != null, Optional.ofNullable(kafkaBootstrap));
        return new Demo(options, System.out).run();
    }
}
