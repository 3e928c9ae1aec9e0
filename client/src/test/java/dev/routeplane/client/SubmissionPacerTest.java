package dev.routeplane.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SubmissionPacerTest {

    @Test
    void letsAWindowThroughThenWaitsUntilTheRouterTookSome() throws InterruptedException {
        // given a router backlog that only drains when the test says so
        AtomicLong waiting = new AtomicLong();
        List<String> measured = new ArrayList<>();
        SubmissionPacer pacer = new SubmissionPacer(
                tenant -> {
                    measured.add(tenant);
                    long now = waiting.get();
                    waiting.set(Math.max(0, now - 3)); // the router takes 3 records between measurements
                    return now;
                },
                5,
                Duration.ofMillis(1));

        // when 20 requests are sent, each counted as waiting
        for (int i = 0; i < 20; i++) {
            pacer.awaitRoom("acme");
            waiting.incrementAndGet();
        }

        // then the first five passed unmeasured, and later ones only while the measured backlog was under 5
        assertThat(measured).isNotEmpty().allMatch("acme"::equals);
        assertThat(waiting.get()).isLessThanOrEqualTo(5);
    }

    @Test
    void whenTheBacklogCannotBeReadItWaitsRatherThanFlooding() throws InterruptedException {
        AtomicLong calls = new AtomicLong();
        SubmissionPacer pacer = new SubmissionPacer(
                tenant -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new IllegalStateException("no answer");
                    }
                    return 0;
                },
                1,
                Duration.ofMillis(1));

        pacer.awaitRoom("acme"); // within the window, no measurement
        pacer.awaitRoom("acme"); // needs a measurement: two failures, then room

        assertThat(calls.get()).isEqualTo(3);
    }
}
