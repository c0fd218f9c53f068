package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static DoubleSupplier randoms(double... values) {
        int[] i = {0};
        return () -> values[i[0]++ % values.length];
    }

    private static List<Long> schedule(Backoff b, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.duration());
        }
        return out;
    }

    @Test
    void withoutJitterTheDelayDoublesUpToTheMax() {
        Backoff b = new Backoff(1000, 5000, 0, randoms(0.7));

        assertThat(schedule(b, 6)).containsExactly(1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
        assertThat(b.attempts()).isEqualTo(6);
    }

    @Test
    void jitterIsSubtractedWhenFloorOfRandomTimesTenIsEvenAndAddedWhenOdd() {
        // the same values as the JavaScript formula gives (checked with node):
        //   ms = 1000 * 2^n; dev = Math.floor(r * 0.5 * ms); (Math.floor(r * 10) & 1) == 0 ? ms - dev : ms + dev
        Backoff b = new Backoff(1000, 5000, 0.5, randoms(0.1, 0.6, 0.35, 0.9, 0.25));

        assertThat(schedule(b, 5)).containsExactly(1050L, 1400L, 4700L, 5000L, 5000L);
    }

    @Test
    void fractionalDeviationsAreFlooredAndTheResultTruncated() {
        Backoff b = new Backoff(333, 100_000, 0.37, randoms(0.123456, 0.987654));

        // n=0: dev = floor(0.123456*0.37*333) = 15, floor(1.23)=1 odd -> 348
        // n=1: dev = floor(0.987654*0.37*666) = 243, floor(9.87)=9 odd -> 909
        assertThat(schedule(b, 2)).containsExactly(348L, 909L);
    }

    @Test
    void resetStartsOverFromTheMinimum() {
        Backoff b = new Backoff(100, 10_000, 0, randoms(0.5));
        schedule(b, 4);

        b.reset();

        assertThat(b.attempts()).isZero();
        assertThat(b.duration()).isEqualTo(100L);
    }

    @Test
    void afterThousandsOfAttemptsTheDelayStaysAtTheMaxInsteadOfCollapsingToZero() {
        Backoff b = new Backoff(1000, 5000, 0.5, randoms(0.2)); // floor(2) even: the subtracting branch
        schedule(b, 1100);

        assertThat(b.duration()).isEqualTo(5000L);
    }
}
