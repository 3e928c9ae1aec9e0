package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollingMinuteTest {
    @Test
    void countsWhatWasBookedInTheLastSixtySeconds() {
        RollingMinute minute = new RollingMinute();
        minute.add(1_000, 1, 300);
        minute.add(1_500, 1, 200);
        minute.add(30_000, 2, 1_000);

        assertThat(minute.usage(30_000)).isEqualTo(new RollingMinute.Usage(4, 1_500));
        // At 61 s the bookings of second 1 have left the window; those of second 30 have not.
        assertThat(minute.usage(61_000)).isEqualTo(new RollingMinute.Usage(2, 1_000));
        assertThat(minute.usage(90_000)).isEqualTo(new RollingMinute.Usage(0, 0));
    }

    @Test
    void aBucketReusedAMinuteLaterStartsFromZero() {
        RollingMinute minute = new RollingMinute();
        minute.add(5_000, 3, 900);
        minute.add(65_000, 1, 100); // the same bucket, one minute on

        assertThat(minute.usage(65_000)).isEqualTo(new RollingMinute.Usage(1, 100));
        assertThat(minute.totalRequests()).isEqualTo(4);
    }
}
