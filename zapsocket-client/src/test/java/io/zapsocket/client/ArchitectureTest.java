package io.zapsocket.client;

import io.zapsocket.testkit.ApiBoundary;
import org.junit.jupiter.api.Test;

/** STYLE.md's architecture rules on this module's main classes (see {@link ApiBoundary}). */
class ArchitectureTest {
    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.client", "io.zapsocket.client");
    }
}
