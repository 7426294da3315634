package dev.cutover.worker.commit;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One partition as the metastore holds it: its spec (partition column -> value, in partition column order), the
 * directory it points at and its parameters (Cutover's provenance among them).
 */
public record PartitionRef(Map<String, String> spec, URI location, Map<String, String> parameters) {

    public PartitionRef {
        Objects.requireNonNull(location, "location");
        spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
