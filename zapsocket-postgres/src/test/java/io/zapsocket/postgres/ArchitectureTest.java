package io.zapsocket.postgres;

import io.zapsocket.testkit.ApiBoundary;
import io.zapsocket.testkit.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's architecture rules on this module's main classes ({@link ApiBoundary}) and its public API against the
 * committed dump {@code api/zapsocket-postgres.api} ({@link ApiDump}).
 */
class ArchitectureTest {
    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.postgres", "io.zapsocket.postgres");
    }

    @Test
    void publicApiMatchesTheCommittedDump() {
        ApiDump.verify(Path.of("api", "zapsocket-postgres.api"), "io.zapsocket.postgres");
    }
}
