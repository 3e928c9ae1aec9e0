package dev.routeplane.classifier;

import java.util.Objects;

/**
 * One chat message in OpenAI shape.
 *
 * @param role author role: {@code system}, {@code developer}, {@code user}, {@code assistant} or
 *     {@code tool} (case-insensitive); unknown roles are treated as context
 * @param content message text; null is read as empty
 */
public record Message(String role, String content) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
    }

    /** A {@code user} message. */
    public static Message user(String content) {
        return new Message("user", content);
    }

    /** A {@code system} message. */
    public static Message system(String content) {
        return new Message("system", content);
    }

    /** An {@code assistant} message. */
    public static Message assistant(String content) {
        return new Message("assistant", content);
    }

    boolean isUser() {
        return role.equalsIgnoreCase("user");
    }

    boolean isSystem() {
        return role.equalsIgnoreCase("system") || role.equalsIgnoreCase("developer");
    }
}
