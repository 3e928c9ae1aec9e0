package dev.routeplane.schemas;

/**
 * Stable reason codes for {@code RejectedRequest.reasonCode} and non-success {@code ExecutionResult.reason}.
 * Consumers match on these strings, so existing values never change meaning; add new ones instead.
 */
public final class ReasonCodes {
    /** The request decoded but violates the contract (missing or invalid fields). */
    public static final String SCHEMA_INVALID = "SCHEMA_INVALID";
    /** The value bytes could not be deserialized at all; rawValue carries them. */
    public static final String UNDESERIALIZABLE = "UNDESERIALIZABLE";
    /** The tenant is not configured. */
    public static final String UNKNOWN_TENANT = "UNKNOWN_TENANT";
    /** The request has no messages. */
    public static final String EMPTY_MESSAGES = "EMPTY_MESSAGES";
    /** The prompt exceeds the configured maximum size in bytes or estimated tokens. */
    public static final String PROMPT_TOO_LARGE = "PROMPT_TOO_LARGE";
    /**
     * The request as a whole (messages, tool definitions, metadata, hints: every byte that travels with it) is larger
     * than {@code router.maxRequestBytes}, so its routed task could not be written to Kafka.
     */
    public static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";
    /** Tenant policy leaves no route the request may take. */
    public static final String POLICY_NO_ELIGIBLE_ROUTE = "POLICY_NO_ELIGIBLE_ROUTE";
    /** Reserving the worst-case cost would exceed the tenant's budget. */
    public static final String BUDGET_EXCEEDED = "BUDGET_EXCEEDED";
    /** A side-effect tool needs an approval the request does not carry. */
    public static final String APPROVAL_REQUIRED = "APPROVAL_REQUIRED";
    /** A requested tool is not in the tenant's {@code toolsAllowed}. */
    public static final String TOOL_NOT_ALLOWED = "TOOL_NOT_ALLOWED";
    /** The tenant already has a routed request with this requestId (the client idempotency key). */
    public static final String DUPLICATE_REQUEST = "DUPLICATE_REQUEST";
    /** An unexpected error while handling this one record; the service kept running. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    /** The provider failed (5xx, overloaded, an error in a 200, a cut-off body) and no fallback was left. */
    public static final String PROVIDER_ERROR = "PROVIDER_ERROR";
    /** The provider did not answer in time and no fallback was left. */
    public static final String PROVIDER_TIMEOUT = "PROVIDER_TIMEOUT";
    /** The provider kept answering 429 beyond the retry budget and no fallback was left. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** The provider refused the request as invalid or unauthorised (a 4xx other than 429). */
    public static final String PROVIDER_REJECTED = "PROVIDER_REJECTED";
    /** The prompt plus the output cap exceeded the model's context window. */
    public static final String CONTEXT_OVERFLOW = "CONTEXT_OVERFLOW";
    /** The provider's content filter refused or cut the answer. */
    public static final String CONTENT_FILTER = "CONTENT_FILTER";
    /** The key profile's circuit breaker was open and no fallback was left. */
    public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
    /** The request's deadline passed before an answer arrived. */
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    /** The task was delivered more often than the delivery limit allows (a poison task). */
    public static final String DELIVERY_LIMIT = "DELIVERY_LIMIT";
    /** The request's batch was cancelled before a call for it started; nothing was billed. */
    public static final String CANCELLED = "CANCELLED";
    /** The decision named a model the executor's configuration does not know. */
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";

    private ReasonCodes() {}
}
