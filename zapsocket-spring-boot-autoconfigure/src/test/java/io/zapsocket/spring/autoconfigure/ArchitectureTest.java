package io.zapsocket.spring.autoconfigure;

import io.zapsocket.testkit.ApiBoundary;
import io.zapsocket.testkit.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's architecture rules on this module's main classes ({@link ApiBoundary}) and its public API against the
 * committed dump {@code api/zapsocket-spring-boot-autoconfigure.api} ({@link ApiDump}).
 */
class ArchitectureTest {
    private static final String[] API = {"io.zapsocket.spring", "io.zapsocket.spring.autoconfigure",
            "io.zapsocket.spring.autoconfigure.health"};

    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.spring", API);
    }

    @Test
    void publicApiMatchesTheCommittedDump() {
        ApiDump.verify(Path.of("api", "zapsocket-spring-boot-autoconfigure.api"), API);
    }
}
