package dev.cutover.controller.routelog;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.RouteTable;

import java.util.Objects;

/**
 * One stream as the route log stores it: the controller's state of the stream and the route table workers route
 * with (the routes topic's value carries both; the journal keeps the state, the table follows from it).
 */
public record StreamRecord(@JsonProperty("state") StreamState state, @JsonProperty("table") RouteTable table) {

    public StreamRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(table, "table");
        if (!state.stream().equals(table.stream())) {
            throw new IllegalArgumentException("the route table of " + table.stream() + " is not the table of "
                    + state.stream());
        }
    }
}
