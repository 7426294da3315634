package dev.cutover.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.transform.geo.GeocodeIp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Which transforms each job runs. Precedence: {@code --job-transforms JOB=LIST} > the job's entry in
 * {@code --job-config} > {@code --transforms LIST} > the defaults
 * ({@value TransformChain#DEFAULTS}). LIST syntax: see {@link dev.cutover.worker.transform.TransformSpec}.
 * The job config file (JSON or YAML): {@code {"jobs": {"airflow": {"transforms": "a,b" or ["a", "b"]}}}}.
 */
public final class JobOptions {

    private static final Pattern JOB = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    @Option(names = "--transforms", description = "Transform list for every job, e.g. remove_canary_events,deduplicate,"
            + "drop_columns(event.cacheHost)@eventlogging_NavigationTiming (name[(args)][@stream|@/regex/])."
            + " Default: " + TransformChain.DEFAULTS)
    String transforms;

    @Option(names = "--job-transforms", description = "Transform list of one job, repeatable: --job-transforms airflow=LIST")
    Map<String, String> jobTransforms = new LinkedHashMap<>();

    @Option(names = "--job-config", description = "JSON/YAML file: {jobs: {<job>: {transforms: LIST}}}")
    Path jobConfig;

    @Option(names = "--geoip-db", defaultValue = "${env:CUTOVER_GEOIP_DB}", description = "GeoIP2/GeoLite2 City"
            + " database (.mmdb) of the geocode_ip entries that name none; required when such an entry is selected."
            + " Default: $CUTOVER_GEOIP_DB")
    Path geoipDb;

    static String validJob(String job) {
        if (job == null || !JOB.matcher(job).matches()) {
            throw new IllegalArgumentException("job name '" + job + "' is invalid: use lower-case letters, digits,"
                    + " '-' and '_', starting with a letter");
        }
        return job;
    }

    Map<String, TransformChain> chains(List<String> jobs) {
        Map<String, String> fromFile = fileTransforms();
        Map<String, TransformChain> chains = new LinkedHashMap<>();
        for (String job : jobs) {
            String spec = jobTransforms.getOrDefault(job, fromFile.getOrDefault(job,
                    transforms != null ? transforms : TransformChain.DEFAULTS));
            try {
                chains.put(validJob(job), GeocodeIp.withDatabase(TransformChain.parse(spec), Optional.ofNullable(geoipDb)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("transforms of job " + job + ": " + e.getMessage(), e);
            }
        }
        return chains;
    }

    private Map<String, String> fileTransforms() {
        Map<String, String> result = new LinkedHashMap<>();
        if (jobConfig == null) {
            return result;
        }
        JsonNode root;
        try {
            ObjectMapper mapper = jobConfig.toString().endsWith(".json") ? new ObjectMapper() : new YAMLMapper();
            root = mapper.readTree(jobConfig.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --job-config " + jobConfig + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("jobs").isObject()) {
            throw new IllegalArgumentException("--job-config " + jobConfig + " must hold {jobs: {<job>: {transforms: ...}}}");
        }
        root.path("jobs").fields().forEachRemaining(e -> {
            JsonNode t = e.getValue().path("transforms");
            if (t.isTextual()) {
                result.put(e.getKey(), t.textValue());
            } else if (t.isArray()) {
                List<String> parts = new ArrayList<>();
                t.forEach(p -> parts.add(p.asText()));
                result.put(e.getKey(), String.join(",", parts));
            }
        });
        return result;
    }
}
