package dev.routeplane.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class PacedSubmissionTest {
    private final List<String> checkpoints = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    private static RouteRequest request(String id) {
        return RouteRequest.newBuilder()
                .setRequestId(id)
                .setTenantId("acme")
                .setSubmittedAt(Instant.EPOCH)
                .setMessages(List.of(
                        ChatMessage.newBuilder().setRole("user").setContent("x").build()))
                .setHints(RequestHints.newBuilder().build())
                .build();
    }

    private PacedSubmission pass(java.util.function.Function<RouteRequest, CompletableFuture<Void>> send, long done) {
        return new PacedSubmission(
                send,
                null,
                done,
                done,
                (requests, line) -> checkpoints.add(requests + "@" + line),
                (line, id, cause) -> refused.add(id + ":" + cause.getClass().getSimpleName()));
    }

    @Test
    void theCheckpointStopsBeforeARequestKafkaDidNotAcknowledgeInTime() throws Exception {
        PacedSubmission pass = pass(
                r -> r.getRequestId().equals("c")
                        ? CompletableFuture.failedFuture(new TimeoutException("slow broker"))
                        : CompletableFuture.completedFuture(null),
                0);

        for (String id : List.of("a", "b", "c", "d")) {
            long line = id.charAt(0) - 'a' + 1;
            if (!pass.skips(line)) {
                pass.send(line, id, request(id));
            }
        }

        assertThat(pass.finish()).isFalse();
        assertThat(pass.requests()).isEqualTo(2);
        assertThat(pass.throughLine()).isEqualTo(2);
        assertThat(checkpoints).last().isEqualTo("2@2");
        assertThat(pass.skips(5)).isTrue(); // a failed pass sends nothing more
    }

    @Test
    void aRequestKafkaRefusesForGoodIsHandedOverAndThePassGoesOn() throws Exception {
        PacedSubmission pass = pass(
                r -> r.getRequestId().equals("b")
                        ? CompletableFuture.failedFuture(new RecordTooLargeException("too big"))
                        : CompletableFuture.completedFuture(null),
                0);

        pass.send(1, "a", request("a"));
        pass.send(2, "b", request("b"));
        pass.alreadyDone(3, "c");

        assertThat(pass.finish()).isTrue();
        assertThat(refused).containsExactly("b:RecordTooLargeException");
        assertThat(pass.requests()).isEqualTo(3);
        assertThat(checkpoints).last().isEqualTo("3@3");
    }

    @Test
    void aPassFromACheckpointSkipsWhatItCovers() {
        PacedSubmission pass = pass(r -> CompletableFuture.completedFuture(null), 7);

        assertThat(pass.skips(7)).isTrue();
        assertThat(pass.skips(8)).isFalse();
        pass.stop();
        assertThat(pass.skips(8)).isTrue();
    }
}
