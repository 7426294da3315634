package dev.cutover.controller.demo;

import java.nio.file.Path;

/**
 * @param home        the repository root (the launcher's {@code cutover.home})
 * @param stateDir    where the demo keeps everything (wiped at start)
 * @param fast        fewer hours and events (CI)
 * @param keepRunning keep the controller up at the end
 * @param kafka       keep routes, audit events and reports on Kafka instead of the journal
 * @param kafkaBootstrap an external broker for {@code kafka}; empty = start one in-process
 */
public record DemoOptions(Path home, Path stateDir, boolean fast, boolean keepRunning, boolean kafka,
                          java.util.Optional<String> kafkaBootstrap) {
}
