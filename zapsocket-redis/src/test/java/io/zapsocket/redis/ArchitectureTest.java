package io.zapsocket.redis;

import io.zapsocket.testkit.ApiBoundary;
import org.junit.jupiter.api.Test;

/** STYLE.md's architecture rules on this module's main classes (see {@link ApiBoundary}). */
class ArchitectureTest {
    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.redis", "io.zapsocket.redis");
    }
}
