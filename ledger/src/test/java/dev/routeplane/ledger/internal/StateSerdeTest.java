package dev.routeplane.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.ledger.UsageTotals;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StateSerdeTest {
    private static final UsageTotals TOTALS = new UsageTotals(3, 1, 4_500, 900, 12_345, 1, 2, 8_000);
    private static final OpenCall OPEN = new OpenCall(
            "c-1",
            false,
            "r-1",
            "acme",
            null,
            "default",
            "openai",
            "gpt-4o",
            "primary",
            "r-1/1",
            1_000,
            500,
            6_000,
            1_800_000_000_000L,
            1_800_000_010_000L,
            1_800_000_000_050L);
    private static final StatsDelta CALL = StatsDelta.call("default", "openai", "gpt-4o", true, 420, 35);
    private static final StatsDelta FEEDBACK = StatsDelta.feedback("default", "openai", "gpt-4o", 0.75);
    private static final RouteState STATE = new RouteState(
            "default", "openai", "gpt-4o", 10, 9, 1, 2, 4_200, 3, 2.25, new byte[] {1, 2, 3, (byte) 0xff}, true);

    private static RequestRoute route() {
        RequestRoute r = new RequestRoute();
        r.lane = "default";
        r.provider = "anthropic";
        r.model = "claude-sonnet-4";
        r.resultSeen = true;
        r.resultApplied = true;
        r.attempts.add(new RequestRoute.Attempt("openai", "gpt-4o", "failed"));
        r.attempts.add(new RequestRoute.Attempt("anthropic", "claude-sonnet-4", "succeeded"));
        r.pendingFeedback.add(new RequestRoute.PendingFeedback("fb-2", 0.25));
        r.appliedFeedbackIds.add("fb-1");
        r.appliedFeedbackIds.add("fb-é");
        r.touchedAt = 1_800_000_000_123L;
        return r;
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(StateSerde.USAGE_TOTALS, TOTALS),
                Arguments.of(StateSerde.OPEN_CALL, OPEN),
                Arguments.of(StateSerde.OPEN_CALL, OpenCall.closed("c-2", 1_800_000_000_000L)),
                Arguments.of(StateSerde.STATS_DELTA, CALL),
                Arguments.of(StateSerde.STATS_DELTA, FEEDBACK),
                Arguments.of(StateSerde.STATS_DELTA, StatsDelta.fallback("default", "openai", "gpt-4o")),
                Arguments.of(StateSerde.ROUTE_STATE, STATE),
                Arguments.of(StateSerde.ROUTE_STATE, new RouteState("l", "p", "m", 0, 0, 0, 0, 0, 0, 0.0, null, false)),
                Arguments.of(StateSerde.REQUEST_ROUTE, route()),
                Arguments.of(StateSerde.REQUEST_ROUTE, new RequestRoute()));
    }

    @ParameterizedTest
    @MethodSource("values")
    <T> void aValueReadsBackEqualFromTheBinaryFormatAndFromTheJsonWrittenBeforeIt(StateSerde<T> serde, T value) {
        byte[] binary = serde.serializer().serialize("t", value);
        byte[] json = JsonSerde.of(valueClass(value)).serializer().serialize("t", value);

        assertThat(binary[0]).isEqualTo(StateSerde.VERSION);
        assertThat(binary.length).isLessThan(json.length);
        assertThat(same(serde.deserializer().deserialize("t", binary), value)).isTrue();
        assertThat(same(serde.deserializer().deserialize("t", json), value)).isTrue();
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(StateSerde.OPEN_CALL.serializer().serialize("t", null)).isNull();
        assertThat(StateSerde.OPEN_CALL.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void truncatedOrUnknownBytesFailNamingTheType() {
        byte[] binary = StateSerde.OPEN_CALL.serializer().serialize("t", OPEN);

        assertThatThrownBy(() ->
                        StateSerde.OPEN_CALL.deserializer().deserialize("t", Arrays.copyOf(binary, binary.length - 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("OpenCall");
        assertThatThrownBy(() ->
                        StateSerde.USAGE_TOTALS.deserializer().deserialize("t", "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("UsageTotals")
                .hasMessageContaining("unknown state format");
    }

    @Test
    void aListCountLargerThanTheBytesLeftFailsInsteadOfAllocating() {
        byte[] binary = StateSerde.REQUEST_ROUTE.serializer().serialize("t", new RequestRoute());
        // version, three null strings (4 bytes each), two booleans, then the attempts' count
        int attemptsCount = 1 + 3 * 4 + 2;
        binary[attemptsCount] = 0x7f;

        assertThatThrownBy(() -> StateSerde.REQUEST_ROUTE.deserializer().deserialize("t", binary))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("RequestRoute")
                .hasMessageContaining("corrupt");
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> valueClass(T value) {
        return (Class<T>) value.getClass();
    }

    /** Records compare arrays by identity; a route state's sketch is compared by content. */
    private static boolean same(Object a, Object b) {
        if (a instanceof RouteState x && b instanceof RouteState y) {
            return withoutSketch(x).equals(withoutSketch(y)) && Arrays.equals(x.latencySketch(), y.latencySketch());
        }
        if (a instanceof RequestRoute x && b instanceof RequestRoute y) {
            return fields(x).equals(fields(y));
        }
        return a.equals(b);
    }

    /** A request route has no equals: its fields, in order. */
    private static List<Object> fields(RequestRoute r) {
        return Arrays.asList(
                r.lane,
                r.provider,
                r.model,
                r.resultSeen,
                r.resultApplied,
                r.attempts,
                r.pendingFeedback,
                r.appliedFeedbackIds,
                r.touchedAt);
    }

    private static RouteState withoutSketch(RouteState s) {
        return new RouteState(
                s.lane(),
                s.provider(),
                s.model(),
                s.calls(),
                s.successes(),
                s.failures(),
                s.fallbacks(),
                s.costMicros(),
                s.feedbackCount(),
                s.feedbackSum(),
                null,
                s.dirty());
    }
}
