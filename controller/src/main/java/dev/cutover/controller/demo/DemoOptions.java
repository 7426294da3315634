package dev.cutover.controller.demo;

import java.nio.file.Path;

/**
 * @param home        the repository root (the launcher's {@code cutover.home})
 * @param stateDir    where the demo keeps everything (wiped at start)
 * @param fast        fewer hours and events (CI)
 * @param keepRunning keep the controller up at the end
 */
public record DemoOptions(Path home, Path stateDir, boolean fast, boolean keepRunning) {
}
