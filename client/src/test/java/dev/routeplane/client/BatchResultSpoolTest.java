package dev.routeplane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchResultSpoolTest {

    @TempDir
    Path dir;

    private static List<String> inOrder(BatchResultSpool spool) throws IOException {
        List<String> seen = new ArrayList<>();
        spool.forEachInOrder((line, id, recorded, ok, output) ->
                seen.add(line + ":" + id + ":" + (recorded ? (ok ? "ok:" : "failed:") + output : "none")));
        return seen;
    }

    @Test
    void resultsArrivingInAnyOrderAreReadBackInInputOrder() throws IOException {
        // given three requests on input lines 1, 3 and 4
        try (BatchResultSpool spool = BatchResultSpool.open(dir, "b1")) {
            spool.expect(1, "a");
            spool.expect(3, "b");
            spool.expect(4, "c");

            // when results come back c, a (b never)
            assertThat(spool.record("c", false, "PROVIDER_ERROR", "{\"c\":1}")).isTrue();
            assertThat(spool.record("a", true, "SUCCEEDED", "{\"a\":1}")).isTrue();

            // then
            assertThat(inOrder(spool)).containsExactly("1:a:ok:{\"a\":1}", "3:b:none", "4:c:failed:{\"c\":1}");
            assertThat(spool.expected()).isEqualTo(3);
            assertThat(spool.recorded()).isEqualTo(2);
            assertThat(spool.succeeded()).isEqualTo(1);
            assertThat(spool.failed()).isEqualTo(1);
        }
    }

    @Test
    void aSecondResultForTheSameRequestAndUnknownIdsAreIgnored() throws IOException {
        try (BatchResultSpool spool = BatchResultSpool.open(dir, "b1")) {
            spool.expect(1, "a");
            assertThat(spool.record("a", true, "SUCCEEDED", "first")).isTrue();

            assertThat(spool.record("a", false, "FAILED", "second")).isFalse();
            assertThat(spool.record("zzz", true, "SUCCEEDED", "stranger")).isFalse();

            assertThat(inOrder(spool)).containsExactly("1:a:ok:first");
            assertThat(spool.recorded()).isEqualTo(1);
        }
    }

    @Test
    void reopenedAfterAStopItKnowsWhatWasRecordedAndDropsALineCutOffMidWrite() throws IOException {
        // given a spool with two results, then a crash in the middle of writing a third result line
        try (BatchResultSpool spool = BatchResultSpool.open(dir, "b1")) {
            spool.expect(1, "a");
            spool.expect(2, "with space\nand newline");
            spool.expect(3, "c");
            spool.record("with space\nand newline", true, "SUCCEEDED", "{\"x\":\"two\"}");
            spool.record("a", false, "BUDGET_EXCEEDED", "{\"x\":\"one\"}");
        }
        Files.writeString(dir.resolve("b1.results"), "2 1 SUCCEEDED {\"x\":\"thr", StandardOpenOption.APPEND);

        // when
        try (BatchResultSpool again = BatchResultSpool.open(dir, "b1")) {
            // then the cut-off result is unknown and can be recorded when it arrives again
            assertThat(again.expected()).isEqualTo(3);
            assertThat(again.recorded()).isEqualTo(2);
            assertThat(again.hasResult("c")).isFalse();
            assertThat(again.outcomes()).containsExactly(entry("BUDGET_EXCEEDED", 1), entry("SUCCEEDED", 1));
            assertThat(again.record("c", true, "SUCCEEDED", "{\"x\":\"three\"}"))
                    .isTrue();
            assertThat(inOrder(again))
                    .containsExactly(
                            "1:a:failed:{\"x\":\"one\"}",
                            "2:with space\nand newline:ok:{\"x\":\"two\"}",
                            "3:c:ok:{\"x\":\"three\"}");
        }
        assertThat(Files.readString(dir.resolve("b1.results"), StandardCharsets.UTF_8))
                .doesNotContain("thr\"")
                .endsWith("\n");
    }

    @Test
    void anIdCanBeExpectedOnlyOnce() throws IOException {
        try (BatchResultSpool spool = BatchResultSpool.open(dir, "b1")) {
            spool.expect(1, "a");

            assertThatThrownBy(() -> spool.expect(2, "a"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("id 'a' is already part of this batch");
        }
    }

    @Test
    void readsBackLongOutputsWhole() throws IOException {
        String big = "x".repeat(100_000);
        try (BatchResultSpool spool = BatchResultSpool.open(dir, "b1")) {
            spool.expect(1, "a");
            spool.expect(2, "b");
            spool.record("b", true, "SUCCEEDED", big);
            spool.record("a", true, "SUCCEEDED", "small");

            assertThat(inOrder(spool)).containsExactly("1:a:ok:small", "2:b:ok:" + big);
        }
    }
}
