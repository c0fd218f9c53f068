package io.zapsocket.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MainArgsTest {

    @Test
    void knownOptionsOverrideTheirDefaultsAndUnknownOnesAreRefused() {
        MainArgs a = new MainArgs(new String[]{"--port=81", "--host=127.0.0.2", "--t=1.5"}, "port", "host", "t", "n");
        assertThat(a.integer("port", 0)).isEqualTo(81);
        assertThat(a.string("host", "x")).isEqualTo("127.0.0.2");
        assertThat(a.decimal("t", 0)).isEqualTo(1.5);
        assertThat(a.integer("n", 7)).isEqualTo(7);
        assertThatThrownBy(() -> new MainArgs(new String[]{"--nope=1"}, "port"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nope=1");
        assertThatThrownBy(() -> new MainArgs(new String[]{"--port"}, "port"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MainArgs(new String[]{"port=1"}, "port"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
