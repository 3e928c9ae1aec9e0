package dev.routeplane.openai;

/**
 * Why one line of a batch input file was refused. The names are stable reason codes: they appear in the
 * errors file and in the Batches API's {@code errors.data[].code}, and scripts match on them.
 */
public enum BatchLineReason {
    /** The line is not one JSON object (syntax error, trailing text, duplicate key, not an object). */
    MALFORMED_JSON,
    /** The line is longer than the parser's limit; it was skipped without being held in memory. */
    LINE_TOO_LONG,
    /** No {@code custom_id} (OpenAI format) or {@code requestId} (Routeplane format), or it is blank. */
    MISSING_CUSTOM_ID,
    /** The id was already used by an earlier line of the same file; the first line wins. */
    DUPLICATE_CUSTOM_ID,
    /** An OpenAI line names an endpoint other than {@code /v1/chat/completions}. */
    UNSUPPORTED_URL,
    /** An OpenAI line uses an HTTP method other than POST. */
    UNSUPPORTED_METHOD,
    /** No messages, or an empty messages array. */
    MISSING_MESSAGES,
    /** Content the RouteRequest contract cannot carry (images, audio, files, tool-call turns). */
    UNSUPPORTED_CONTENT,
    /** A field has the wrong type or an out-of-range value, or is unknown; the error names the field. */
    INVALID_FIELD,
    /**
     * The request, every byte that travels with it counted (messages, tool definitions, metadata, hints), is over the
     * router's {@code router.maxRequestBytes}: its routed task could not be written to Kafka. The same reason code
     * the API and the router refuse such a request with.
     */
    REQUEST_TOO_LARGE
}
