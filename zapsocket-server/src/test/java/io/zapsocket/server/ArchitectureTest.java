package io.zapsocket.server;

import io.zapsocket.testkit.ApiBoundary;
import io.zapsocket.testkit.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's architecture rules on this module's main classes ({@link ApiBoundary}) and its public API against the
 * committed dump {@code api/zapsocket-server.api} ({@link ApiDump}).
 */
class ArchitectureTest {
    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.server", "io.zapsocket.server", "io.zapsocket.server.adapter");
    }

    @Test
    void publicApiMatchesTheCommittedDump() {
        ApiDump.verify(Path.of("api", "zapsocket-server.api"), "io.zapsocket.server", "io.zapsocket.server.adapter");
    }
}
