package io.zapsocket.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqWindowTest {
    @Test
    void aNumberSeenBeforeIsACopy() {
        SeqWindow w = new SeqWindow();
        assertThat(w.firstTime(1)).isTrue();
        assertThat(w.firstTime(2)).isTrue();
        assertThat(w.firstTime(2)).isFalse();
        assertThat(w.firstTime(1)).isFalse();
    }

    @Test
    void aNumberThatArrivesAfterAHigherOneIsAppliedOnce() {
        SeqWindow w = new SeqWindow();
        assertThat(w.firstTime(1)).isTrue();
        assertThat(w.firstTime(300)).isTrue(); // 2..299 executed late by Redis
        for (int i = 2; i < 300; i++) {
            assertThat(w.firstTime(i)).as("late %d", i).isTrue();
        }
        for (int i = 1; i <= 300; i++) {
            assertThat(w.firstTime(i)).as("copy %d", i).isFalse();
        }
        assertThat(w.firstTime(301)).isTrue();
    }

    @Test
    void aNumberOlderThanTheWindowIsTreatedAsACopy() {
        SeqWindow w = new SeqWindow();
        assertThat(w.firstTime(10)).isTrue();
        assertThat(w.firstTime(10 + SeqWindow.WINDOW)).isTrue();
        assertThat(w.firstTime(10)).isFalse();
        assertThat(w.firstTime(11)).isTrue(); // inside the window, never seen
        assertThat(w.firstTime(11)).isFalse();
    }

    @Test
    void aJumpBeyondTheWindowForgetsWhatWasBelow() {
        SeqWindow w = new SeqWindow();
        for (int i = 0; i < 100; i++) {
            w.firstTime(i);
        }
        long far = 100 + 5L * SeqWindow.WINDOW;
        assertThat(w.firstTime(far)).isTrue();
        assertThat(w.firstTime(far - 1)).isTrue();
        assertThat(w.firstTime(far - SeqWindow.WINDOW + 1)).isTrue();
        assertThat(w.firstTime(far - 1)).isFalse();
    }
}
