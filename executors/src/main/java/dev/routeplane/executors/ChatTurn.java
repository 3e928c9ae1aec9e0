package dev.routeplane.executors;

import java.util.Objects;

/**
 * One message of the conversation sent to a provider, in OpenAI chat shape. Its {@code toString} hides the
 * content: prompts never reach logs.
 *
 * @param role    system, developer, user, assistant or tool
 * @param content the text
 */
public record ChatTurn(String role, String content) {
    public ChatTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public String toString() {
        return "ChatTurn[role=" + role + ", content=<" + content.length() + " chars>]";
    }
}
