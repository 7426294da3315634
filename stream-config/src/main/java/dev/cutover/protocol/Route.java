package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one job writes one stream for one hour: a database, or none ({@code null}: do not write, {@code reason}
 * says why), under the epoch that fences the commit, with the write lease terms of that commit
 * ({@link LeasePolicy}): how long the writer's lease lasts ({@code lease_ms}; absent: the default) and from when
 * the commit may switch ({@code not_before}; absent: at once). Wire shape of each entry of {@code GET /v1/routes}:
 * {@code {"database", "epoch", "reason", "lease_ms", "not_before"}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Route(@JsonProperty("database") @JsonInclude(JsonInclude.Include.ALWAYS) String database,
                    @JsonProperty("epoch") long epoch,
                    @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                    @JsonProperty("lease_ms") @JsonInclude(JsonInclude.Include.NON_NULL) Long leaseMs,
                    @JsonProperty("not_before") @JsonInclude(JsonInclude.Include.NON_NULL) Instant notBefore) {

    @JsonCreator
    public Route {
    }

    /** A route without lease terms: the default lease, writable at once. */
    public Route(String database, long epoch, String reason) {
        this(database, epoch, reason, null, null);
    }

    public static Route write(String database, long epoch) {
        return new Route(database, epoch, null);
    }

    /** A route to write under {@code epoch} with the lease terms of the routing history ({@link Routing}). */
    public static Route write(String database, long epoch, Long leaseMs, Instant notBefore) {
        return new Route(database, epoch, null, leaseMs, notBefore);
    }

    public static Route doNotWrite(long epoch, String reason) {
        return new Route(null, epoch, reason);
    }

    /** How long the writer's lease lasts once its epoch is confirmed. */
    @JsonIgnore
    public Duration lease() {
        return LeasePolicy.lengthOf(leaseMs);
    }

    /** From when the commit may switch; empty: at once. */
    @JsonIgnore
    public Optional<Instant> writableFrom() {
        return Optional.ofNullable(notBefore);
    }

    public Optional<String> databaseName() {
        return Optional.ofNullable(database);
    }

    public boolean writes() {
        return database != null;
    }
}
