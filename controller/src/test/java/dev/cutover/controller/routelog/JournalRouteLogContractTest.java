package dev.cutover.controller.routelog;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The route log contract on the embedded journal, in a fresh temporary state directory per test. */
class JournalRouteLogContractTest extends RouteLogContract {

    @TempDir
    Path stateDir;

    @Override
    protected RouteLog open() {
        return new JournalRouteLog(stateDir);
    }
}
