package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.executors.internal.DoneMarkers.Marker;
import org.junit.jupiter.api.Test;

/** The rules every executor applies, in log order, to the claims and done markers of one request. */
class DoneMarkersTest {

    @Test
    void theFirstClaimOwnsTheResultAndALaterPlainClaimDoesNotTakeIt() {
        Marker m = DoneMarkers.next(null, DoneMarkers.claim("a", null), 100);
        m = DoneMarkers.next(m, DoneMarkers.claim("b", null), 200);

        assertThat(m).isEqualTo(new Marker("a", 100, false));
    }

    @Test
    void aTakeoverNamingTheUnconfirmedOwnerReplacesItAndOnlyTheFirstSuchTakeoverWins() {
        Marker m = DoneMarkers.next(null, DoneMarkers.claim("a", null), 100);
        m = DoneMarkers.next(m, DoneMarkers.claim("b", "a"), 200);
        m = DoneMarkers.next(m, DoneMarkers.claim("c", "a"), 300);

        assertThat(m).isEqualTo(new Marker("b", 200, false));
    }

    @Test
    void aDoneMarkerConfirmsTheOwnerAndNoClaimTakesADoneRequest() {
        Marker m = DoneMarkers.next(null, DoneMarkers.claim("a", null), 100);
        m = DoneMarkers.next(m, "SUCCEEDED", 150);
        m = DoneMarkers.next(m, DoneMarkers.claim("b", "a"), 200);

        assertThat(m).isEqualTo(new Marker("a", 100, true));
    }

    @Test
    void aDoneMarkerWithoutAClaimMeansDoneWithNoKnownOwner() {
        // markers written before claims existed, or whose claim was compacted away
        assertThat(DoneMarkers.next(null, "TIMED_OUT", 100)).isEqualTo(new Marker(null, 100, true));
    }
}
