package dev.routeplane.openai;

import java.util.Objects;

/**
 * One refused line of a batch input file. Parsing continues with the next line.
 *
 * @param lineNumber 1-based line number in the file, counting blank lines, so editors jump to it
 * @param customId the line's id when it could be read, else null
 * @param reason stable reason code
 * @param param the offending field as a JSON path (e.g. {@code body.max_tokens}), or null when the line as a
 *     whole is at fault
 * @param message what was wrong and what to do, never quoting prompt text
 */
public record BatchLineError(long lineNumber, String customId, BatchLineReason reason, String param, String message) {

    public BatchLineError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** The reason as the string written to files and APIs, e.g. {@code DUPLICATE_CUSTOM_ID}. */
    public String reasonCode() {
        return reason.name();
    }
}
