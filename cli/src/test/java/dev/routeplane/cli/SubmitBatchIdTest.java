package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitBatchIdTest {

    @Test
    void theSameFileGetsTheSameIdAndAChangedFileANewOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Nightly Invoices.jsonl");
        Files.writeString(file, "{\"requestId\": \"a\"}\n", StandardCharsets.UTF_8);
        String first = SubmitBatchId.of(file);

        assertThat(SubmitBatchId.of(file)).isEqualTo(first);
        assertThat(first).matches("batch-nightly-invoices-[0-9a-f]{12}");

        Path copy = dir.resolve("other").resolve("Nightly Invoices.jsonl");
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
        assertThat(SubmitBatchId.of(copy)).isEqualTo(first);

        Files.writeString(file, "{\"requestId\": \"b\"}\n", StandardCharsets.UTF_8);
        assertThat(SubmitBatchId.of(file)).isNotEqualTo(first).startsWith("batch-nightly-invoices-");
    }

    @Test
    void namesAreSanitisedAndShortened() {
        byte[] hash = new byte[32];
        assertThat(SubmitBatchId.derive("__Weird..name!!.jsonl", hash)).isEqualTo("batch-weird-name-000000000000");
        assertThat(SubmitBatchId.derive(".jsonl", hash)).isEqualTo("batch-jsonl-000000000000");
        assertThat(SubmitBatchId.derive("", hash)).isEqualTo("batch-000000000000");
        assertThat(SubmitBatchId.derive("a".repeat(100) + ".jsonl", hash))
                .isEqualTo("batch-" + "a".repeat(40) + "-000000000000");
    }
}
