package dev.routeplane.openai;

import static dev.routeplane.openai.BatchFixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.contract.RouteRequest;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompletionWindowTest {

    @Test
    void readsMinutesHoursAndDaysFromOneMinuteToSevenDays() {
        assertThat(CompletionWindow.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(CompletionWindow.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(CompletionWindow.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(CompletionWindow.parse("1m")).isEqualTo(CompletionWindow.MIN);
        assertThat(CompletionWindow.parse("7d")).isEqualTo(CompletionWindow.MAX);
        assertThat(CompletionWindow.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(CompletionWindow.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(CompletionWindow.format(Duration.ofHours(3))).isEqualTo("3h");
    }

    @Test
    void refusesSomethingThatIsNotADurationNamingIt() {
        assertThatThrownBy(() -> CompletionWindow.parse("24 hours"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("completion window '24 hours' is not a duration; write it as minutes, hours or days, e.g."
                        + " 24h (the default), 90m or 2d");
        assertThatThrownBy(() -> CompletionWindow.parse(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the completion window is empty");
    }

    @Test
    void refusesAWindowShorterThanAMinute() {
        assertThatThrownBy(() -> CompletionWindow.parse("0m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("completion window '0m' is shorter than 1m; a batch needs at least a minute");
    }

    @Test
    void refusesAWindowLongerThanTheTopicsKeepWork() {
        assertThatThrownBy(() -> CompletionWindow.parse("8d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("completion window '8d' is longer than 7d, how long Routeplane keeps a batch's requests;"
                        + " use at most 7d");
    }

    @Test
    void everyRequestOfABatchIsDueWithinItsWindowAndALineCanOnlyShortenIt() throws IOException {
        BatchFixtures.CollectingSink sink = new BatchFixtures.CollectingSink();
        String plain = "{\"custom_id\": \"a\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\":"
                + " {\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}}";
        String shorter = "{\"requestId\": \"b\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + " \"hints\": {\"deadlineMs\": 60000}}";
        String longer = "{\"requestId\": \"c\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + " \"hints\": {\"deadlineMs\": 999999999}}";

        new BatchInputParser(BatchInputOptions.of("acme", "batch-1", Duration.ofHours(2)), CLOCK)
                .parse(new StringReader(String.join("\n", plain, shorter, longer)), sink);

        assertThat(sink.requests)
                .extracting(r -> r.getHints().getDeadlineMs())
                .containsExactly(7_200_000L, 60_000L, 7_200_000L);
        assertThat(sink.requests).extracting(RouteRequest::getSubmittedAt).containsOnly(BatchFixtures.NOW);
    }
}
