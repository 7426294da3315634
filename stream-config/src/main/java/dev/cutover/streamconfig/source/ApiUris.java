package dev.cutover.streamconfig.source;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Builds {@code action=streamconfigs} request URIs: required parameters added, stream names batched. */
final class ApiUris {

    private ApiUris() {
    }

    static List<URI> forBatches(URI base, List<String> streams, int batchSize, Optional<String> constraints) {
        String prefix = withRequiredParameters(base);
        String constraint = constraints.map(c -> "&constraints=" + encode(c)).orElse("");
        if (streams.isEmpty()) {
            return List.of(URI.create(prefix + constraint));
        }
        List<URI> uris = new ArrayList<>();
        for (int from = 0; from < streams.size(); from += batchSize) {
            List<String> batch = streams.subList(from, Math.min(streams.size(), from + batchSize));
            uris.add(URI.create(prefix + "&streams=" + encode(String.join("|", batch)) + constraint));
        }
        return List.copyOf(uris);
    }

    /**
     * The base URI with action, format, formatversion and all_settings added unless the URI already sets them.
     * Without {@code all_settings}, EventStreamConfig leaves out the settings it calls internal ({@code stream},
     * {@code schema_title}, {@code topics}, {@code topic_prefixes}, {@code destination_event_service},
     * {@code canary_events_enabled}). It is a MediaWiki boolean parameter: present means true.
     */
    static String withRequiredParameters(URI base) {
        String text = base.toString();
        int hash = text.indexOf('#');
        if (hash >= 0) {
            text = text.substring(0, hash);
        }
        String query = base.getRawQuery() == null ? "" : base.getRawQuery();
        List<String> names = Arrays.stream(query.split("&")).map(p -> p.split("=", 2)[0]).toList();
        StringBuilder uri = new StringBuilder(text);
        char separator = query.isEmpty() ? (text.endsWith("?") ? '\0' : '?') : '&';
        for (String[] parameter : new String[][] {{"action", "streamconfigs"}, {"format", "json"},
                {"formatversion", "2"}, {"all_settings", "1"}}) {
            if (!names.contains(parameter[0])) {
                if (separator != '\0') {
                    uri.append(separator);
                }
                uri.append(parameter[0]).append('=').append(parameter[1]);
                separator = '&';
            }
        }
        return uri.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
