package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

/**
 * Where one job writes one stream for one hour: a database, or none ({@code null}: do not write, {@code reason}
 * says why), under the epoch that fences the commit. Wire shape of each entry of {@code GET /v1/routes}:
 * {@code {"database", "epoch", "reason"}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Route(@JsonProperty("database") @JsonInclude(JsonInclude.Include.ALWAYS) String database,
                    @JsonProperty("epoch") long epoch,
                    @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

    public static Route write(String database, long epoch) {
        return new Route(database, epoch, null);
    }

    public static Route doNotWrite(long epoch, String reason) {
        return new Route(null, epoch, reason);
    }

    public Optional<String> databaseName() {
        return Optional.ofNullable(database);
    }

    public boolean writes() {
        return database != null;
    }
}
