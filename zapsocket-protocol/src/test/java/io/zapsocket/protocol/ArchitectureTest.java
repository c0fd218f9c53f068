package io.zapsocket.protocol;

import io.zapsocket.testkit.ApiBoundary;
import org.junit.jupiter.api.Test;

/** STYLE.md's architecture rules on this module's main classes (see {@link ApiBoundary}). */
class ArchitectureTest {
    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.protocol", "io.zapsocket.protocol", "io.zapsocket.protocol.engine", "io.zapsocket.protocol.sio", "io.zapsocket.protocol.json");
    }
}
