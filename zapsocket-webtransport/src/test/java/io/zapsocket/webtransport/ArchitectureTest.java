package io.zapsocket.webtransport;

import io.zapsocket.testkit.ApiBoundary;
import io.zapsocket.testkit.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's architecture rules on this module's main classes ({@link ApiBoundary}) and its public API against the
 * committed dump {@code api/zapsocket-webtransport.api} ({@link ApiDump}).
 */
class ArchitectureTest {
    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.webtransport", "io.zapsocket.webtransport");
    }

    @Test
    void publicApiMatchesTheCommittedDump() {
        ApiDump.verify(Path.of("api", "zapsocket-webtransport.api"), "io.zapsocket.webtransport");
    }
}
