package dev.cutover.controller.cli;

import dev.cutover.protocol.HeldHours;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Invocation;
import dev.cutover.protocol.InvocationFormats;
import dev.cutover.protocol.Invocations;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.api.ApiCallException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./cutover invocations}: the routes rendered as runs of a job that does not call Cutover (Refine under systemd
 * timers, an Airflow DAG), from {@code GET /v1/jobs/{job}/invocations}. The runs go to stdout, one per line (or the
 * response as JSON); held hours go to stderr, so a script can run every line of stdout as it is.
 */
@Command(name = "invocations", mixinStandardHelpOptions = true,
        description = {"Render the routes as runs of a job that does not call Cutover: each run refines hours"
                + " [since, until) of some tables into one database, and together they write every managed stream's"
                + " hour once, where the routes say.",
                "Hours the routes say must not be written (held, or a stopped secondary) are in no run; they are"
                        + " printed on stderr (in the JSON: 'held').",
                "Exit 0 when rendered, 2 with the reason otherwise (a bad range or job, no controller)."})
final class InvocationsCommand implements Callable<Integer> {

    @Mixin
    HttpOptions http;

    @Option(names = "--job", required = true, description = "The job: legacy or airflow (the plan's job names).")
    String job;

    @Option(names = "--from", required = true, description = "First hour, YYYY-MM-DDTHH (UTC), inclusive.")
    String from;

    @Option(names = "--to", required = true, description = "End hour, YYYY-MM-DDTHH (UTC), exclusive.")
    String to;

    @Option(names = "--format", defaultValue = "refine-args",
            description = "refine-args (one line of Refine options per run, shell-quoted), json (the API's response)"
                    + " or airflow-conf (one JSON object per run for 'airflow dags trigger --conf'). Default:"
                    + " ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--output-path", description = "Refine's output_path per database, with {database} in it (e.g."
            + " /wmf/data/{database}): adds --output_path (airflow-conf: \"output_path\") to each run, so the shadow"
            + " tables never share production's files.")
    String outputPath;

    @Override
    public Integer call() throws Exception {
        InvocationFormats.Format chosen = InvocationFormats.Format.parse(format);
        Optional<InvocationFormats.OutputPath> path = Optional.ofNullable(outputPath)
                .map(InvocationFormats.OutputPath::new);
        Hour first = hour("--from", from);
        Hour end = hour("--to", to);
        Invocations.requireRange(first, end);
        Invocations invocations;
        try {
            invocations = http.client().invocations(job, first, end);
        } catch (ApiCallException e) {
            throw http.explain(e);
        }
        if (chosen == InvocationFormats.Format.JSON) {
            System.out.println(ProtocolJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(invocations));
            return 0;
        }
        for (Invocation run : invocations.runs()) {
            System.out.println(chosen == InvocationFormats.Format.REFINE_ARGS
                    ? InvocationFormats.refineArgs(run, path) : InvocationFormats.airflowConf(run, path));
        }
        for (HeldHours held : invocations.held()) {
            System.err.println(InvocationFormats.heldLine(held));
        }
        return 0;
    }

    private static Hour hour(String option, String text) {
        try {
            return Hour.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
