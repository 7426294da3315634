package dev.cutover.protocol.api;

import dev.cutover.protocol.Hour;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The controller API's paths, shared by the server's router and its clients. */
public final class ApiPaths {

    public static final String HEALTHY = "/healthy";
    public static final String READY = "/ready";
    public static final String METRICS = "/metrics";
    public static final String STREAMS = "/v1/streams";
    public static final String STREAM = "/v1/streams/:stream";
    public static final String ROUTES = "/v1/routes";
    public static final String EPOCHS = "/v1/epochs";
    public static final String WORK = "/v1/work";
    public static final String INVOCATIONS = "/v1/jobs/:job/invocations";
    public static final String EVENTS = "/v1/events";
    public static final String REPORTS = "/v1/reports";
    public static final String OVERRIDE = "/v1/streams/:stream/override";
    public static final String DECOMMISSION = "/v1/streams/:stream/decommission";
    public static final String ACCEPT_OVERRIDE_LAYER = "/v1/override-layer/accept";

    private ApiPaths() {
    }

    public static String stream(String stream) {
        return STREAMS + "/" + enc(stream);
    }

    public static String routes(String job, Hour hour) {
        return ROUTES + "?job=" + enc(job) + "&hour=" + enc(hour.toString());
    }

    public static String routes(String job, Hour hour, String stream) {
        return routes(job, hour) + "&stream=" + enc(stream);
    }

    public static String epochs(String stream) {
        return EPOCHS + "?stream=" + enc(stream);
    }

    public static String work(String job) {
        return WORK + "?job=" + enc(job);
    }

    /** The job's runs over [from, to) for a job that does not call Cutover (see {@code protocol.Invocations}). */
    public static String invocations(String job, Hour from, Hour to) {
        return "/v1/jobs/" + enc(job) + "/invocations?from=" + enc(from.toString()) + "&to=" + enc(to.toString());
    }

    public static String events(long since, int limit) {
        return EVENTS + "?since=" + since + "&limit=" + limit;
    }

    public static String override(String stream) {
        return STREAMS + "/" + enc(stream) + "/override";
    }

    public static String decommission(String stream) {
        return STREAMS + "/" + enc(stream) + "/decommission";
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
