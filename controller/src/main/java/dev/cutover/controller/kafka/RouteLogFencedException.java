package dev.cutover.controller.kafka;

import dev.cutover.controller.routelog.RouteLogException;

/**
 * Kafka fenced this controller: another instance initialised transactions with the same transactional id, so
 * this one is a zombie (paused, partitioned or started twice). Nothing of the failed batch is visible and the
 * route log refuses every further write; the controller must step down (become a standby and restore again
 * once it is elected).
 */
public final class RouteLogFencedException extends RouteLogException {

    public RouteLogFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
