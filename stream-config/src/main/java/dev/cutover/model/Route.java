package dev.cutover.model;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * Where one job writes one stream for one hour: a database, or none ({@code null} = do not write),
 * under an epoch that fences the commit. Wire shape of {@code GET /v1/routes}: {@code {"database","epoch"}}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Route(@JsonProperty("database") String database, @JsonProperty("epoch") long epoch) {

    public Optional<String> databaseName() {
        return Optional.ofNullable(database);
    }
}
