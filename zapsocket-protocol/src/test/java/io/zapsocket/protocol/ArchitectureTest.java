package io.zapsocket.protocol;

import io.zapsocket.testkit.ApiBoundary;
import io.zapsocket.testkit.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's architecture rules on this module's main classes ({@link ApiBoundary}) and its public API against the
 * committed dump {@code api/zapsocket-protocol.api} ({@link ApiDump}).
 */
class ArchitectureTest {
    private static final String[] API = {"io.zapsocket.protocol", "io.zapsocket.protocol.engine",
        "io.zapsocket.protocol.sio", "io.zapsocket.protocol.json", "io.zapsocket.protocol.msgpack"};

    @Test
    void apiHasNoNettyOrInternalTypesAndNamingRulesHold() {
        ApiBoundary.check("io.zapsocket.protocol", API);
    }

    @Test
    void publicApiMatchesTheCommittedDump() {
        ApiDump.verify(Path.of("api", "zapsocket-protocol.api"), API);
    }
}
