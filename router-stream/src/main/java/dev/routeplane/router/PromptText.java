package dev.routeplane.router;

import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RouteRequest;
import java.util.List;

/**
 * The text a prompt representation is computed from: every message's content, oldest first, joined by a
 * newline (roles left out, so the same question featurizes alike with or without a system prompt wrapper).
 * The router and the learner both use it, so a vector learned from feedback matches the one routed on.
 */
public final class PromptText {
    private PromptText() {}

    public static String of(RouteRequest request) {
        List<ChatMessage> messages = request.getMessages();
        if (messages.size() == 1) {
            return messages.get(0).getContent();
        }
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(m.getContent());
        }
        return sb.toString();
    }
}
