package dev.cutover.demo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One partition as {@code ./cutover inspect --json} lists it (with the provenance the worker recorded). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Partition(@JsonProperty("database") String database,
                        @JsonProperty("table") String table,
                        @JsonProperty("stream") String stream,
                        @JsonProperty("hour") String hour,
                        @JsonProperty("datacenter") String datacenter,
                        @JsonProperty("job") String job,
                        @JsonProperty("epoch") Long epoch,
                        @JsonProperty("action") String action,
                        @JsonProperty("rows") Long rows) {

    /** (table, hour, datacenter): what identifies a partition across databases. */
    public String key() {
        return table + " " + hour + " " + (datacenter == null ? "-" : datacenter);
    }
}
