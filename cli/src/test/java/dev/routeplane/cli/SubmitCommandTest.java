package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The options {@code submit} checks before it connects to anything: each refusal names the option and the value. The
 * cluster addresses point nowhere; a check that let a bad value through would fail later with a connection error
 * instead of the message asserted here.
 */
class SubmitCommandTest {
    @TempDir
    Path dir;

    private Path input;

    @BeforeEach
    void writeInput() throws IOException {
        input = dir.resolve("in.jsonl");
        Files.writeString(
                input,
                "{\"custom_id\": \"a\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\":"
                        + " {\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}}\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void refusesACompletionWindowThatIsNotADuration() {
        assertThat(refusal("--completion-window", "1 day"))
                .contains("--completion-window: completion window '1 day' is not a duration; write it as minutes,"
                        + " hours or days, e.g. 24h (the default), 90m or 2d");
    }

    @Test
    void refusesACompletionWindowShorterThanAMinuteOrLongerThanSevenDays() {
        assertThat(refusal("--completion-window", "0m"))
                .contains("--completion-window: completion window '0m' is shorter than 1m");
        assertThat(refusal("--completion-window", "8d"))
                .contains("--completion-window: completion window '8d' is longer than 7d");
    }

    @Test
    void refusesANonPositiveTimeoutAndOutWithoutWait() {
        assertThat(refusal("--timeout", "0")).contains("--timeout must be a positive number of seconds, got 0");
        Path out = dir.resolve("out.jsonl");
        assertThat(refusal("--out", out.toString()))
                .contains("--out " + out + " needs --wait: results are only written when waiting");
    }

    /** Runs submit on the input with {@code extra}; it must fail, and its error output is returned. */
    private String refusal(String... extra) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SubmitCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of(input.toString(), "--tenant", "acme"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"));

        int exit = cli.execute(args.toArray(String[]::new));

        assertThat(exit).as("exit code of submit %s", args).isNotZero();
        return err.toString();
    }
}
