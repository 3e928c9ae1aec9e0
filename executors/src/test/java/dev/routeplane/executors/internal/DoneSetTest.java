package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compact record of done requests: exact membership across growth and generations, and whole-generation eviction. */
class DoneSetTest {

    @Test
    void holdsEveryAddedKeyAndNoOtherAcrossTableGrowth() {
        DoneSet set = new DoneSet(60_000);
        for (int i = 0; i < 50_000; i++) {
            set.add("acme/req-" + i, 1_000);
        }

        assertThat(set.size()).isEqualTo(50_000);
        for (int i = 0; i < 50_000; i++) {
            assertThat(set.contains("acme/req-" + i)).as("acme/req-%d", i).isTrue();
            assertThat(set.contains("globex/req-" + i)).as("globex/req-%d", i).isFalse();
        }
    }

    @Test
    void addingAKeyTwiceKeepsOneEntryEvenInAnotherGeneration() {
        DoneSet set = new DoneSet(60_000);
        set.add("acme/r1", 1_000);
        set.add("acme/r1", 1_000);
        set.add("acme/r1", 500_000);

        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void forgetsWholeGenerationsThatEndedBeforeTheCutoffAndKeepsTheRest() {
        DoneSet set = new DoneSet(60_000);
        set.add("acme/old", 10_000); // generation [0, 60 s)
        set.add("acme/edge", 119_999); // generation [60 s, 120 s)
        set.add("acme/new", 130_000); // generation [120 s, 180 s)

        set.forgetBefore(120_000);

        assertThat(set.contains("acme/old")).isFalse();
        assertThat(set.contains("acme/edge")).isFalse();
        assertThat(set.contains("acme/new")).isTrue();
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void aCutoffInsideAGenerationKeepsThatGeneration() {
        DoneSet set = new DoneSet(60_000);
        set.add("acme/r1", 61_000);

        set.forgetBefore(100_000);

        assertThat(set.contains("acme/r1")).isTrue();
    }

    @Test
    void fingerprintsDifferForKeysThatDifferInOneCharacter() {
        assertThat(DoneSet.fingerprint("acme/r1")).isNotEqualTo(DoneSet.fingerprint("acme/r2"));
        assertThat(DoneSet.fingerprint("acme/r1")).isEqualTo(DoneSet.fingerprint("acme/r1"));
    }
}
