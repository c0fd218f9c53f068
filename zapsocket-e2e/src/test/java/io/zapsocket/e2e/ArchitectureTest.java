package io.zapsocket.e2e;

import io.zapsocket.testkit.ApiBoundary;
import io.zapsocket.testkit.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's architecture rules on this module's main classes ({@link ApiBoundary}) and its public API against the
 * committed dump {@code api/zapsocket-e2e.api} ({@link ApiDump}).
 */
class ArchitectureTest {
    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.e2e", "io.zapsocket.e2e");
    }

    @Test
    void publicApiMatchesTheCommittedDump() {
        ApiDump.verify(Path.of("api", "zapsocket-e2e.api"), "io.zapsocket.e2e");
    }
}
