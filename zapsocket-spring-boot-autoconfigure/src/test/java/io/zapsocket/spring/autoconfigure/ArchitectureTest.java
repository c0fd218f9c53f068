package io.zapsocket.spring.autoconfigure;

import io.zapsocket.testkit.ApiBoundary;
import io.zapsocket.testkit.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * STYLE.md's architecture rules on this module's main classes ({@link ApiBoundary}) and its public API against the
 * committed dump {@code api/zapsocket-spring-boot-autoconfigure.api} ({@link ApiDump}).
 */
class ArchitectureTest {
    private static final String[] API = {"io.zapsocket.spring", "io.zapsocket.spring.autoconfigure",
            "io.zapsocket.spring.autoconfigure.health", "io.zapsocket.spring.autoconfigure.metrics"};

    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.spring", API);
    }

    @Test
    void publicApiMatchesTheCommittedDump() {
        // the dump is Boot 3's: under Boot 4 (-Pspring-boot-4) the health classes extend spring-boot-health's types
        assumeTrue(!"4".equals(System.getProperty("zapsocket.springBootMajor")), "the API dump is checked on Boot 3");
        ApiDump.verify(Path.of("api", "zapsocket-spring-boot-autoconfigure.api"), API);
    }
}
