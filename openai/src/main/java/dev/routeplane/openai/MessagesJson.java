package dev.routeplane.openai;

import static dev.routeplane.openai.BatchLineReason.MISSING_MESSAGES;
import static dev.routeplane.openai.BatchLineReason.UNSUPPORTED_CONTENT;
import static dev.routeplane.openai.JsonFields.field;
import static dev.routeplane.openai.JsonFields.invalid;
import static dev.routeplane.openai.JsonFields.kind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.contract.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an OpenAI-shaped {@code messages} array into the contract's text-only {@code ChatMessage}s.
 *
 * <p>Text content parts are joined with a newline, as the model would read them in sequence. Anything the
 * contract cannot carry is refused with {@link BatchLineReason#UNSUPPORTED_CONTENT} rather than dropped: an
 * image silently removed would produce a confident answer about a picture the model never saw. The same
 * holds for tool-call turns (assistant {@code tool_calls}, {@code tool} messages), which need ids the
 * contract's messages do not have yet. {@code developer} is OpenAI's newer name for {@code system} and is
 * mapped to it, so every provider adapter understands the role.
 */
final class MessagesJson {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private MessagesJson() {}

    static List<ChatMessage> read(JsonNode object, String path) throws ChatRequestException {
        JsonNode messages = field(object, "messages");
        if (messages == null) {
            throw new ChatRequestException(
                    MISSING_MESSAGES, path, path + " is required: a non-empty array of" + " {role, content} messages");
        }
        if (!messages.isArray()) {
            throw invalid(path, "must be an array of messages, got " + kind(messages));
        }
        if (messages.isEmpty()) {
            throw new ChatRequestException(MISSING_MESSAGES, path, path + " is empty; give at least one message");
        }
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            out.add(message(messages.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static ChatMessage message(JsonNode message, String path) throws ChatRequestException {
        if (!message.isObject()) {
            throw invalid(path, "must be an object with role and content, got " + kind(message));
        }
        String role = JsonFields.text(message, "role", path + ".role");
        if (role == null || !ROLES.contains(role)) {
            throw invalid(
                    path + ".role",
                    "must be one of system, developer, user, assistant; got "
                            + (role == null ? "nothing" : "'" + role + "'"));
        }
        if ("tool".equals(role) || field(message, "tool_calls") != null || field(message, "function_call") != null) {
            throw new ChatRequestException(
                    UNSUPPORTED_CONTENT,
                    path,
                    path + " is a tool-call turn; Routeplane"
                            + " requests cannot carry earlier tool calls and their results yet. Send the conversation as text"
                            + " messages.");
        }
        return ChatMessage.newBuilder()
                .setRole("developer".equals(role) ? "system" : role)
                .setContent(content(message, role, path + ".content"))
                .build();
    }

    private static String content(JsonNode message, String role, String path) throws ChatRequestException {
        JsonNode content = field(message, "content");
        if (content == null) {
            // Only an assistant turn may omit content (OpenAI allows it when the turn is a refusal or tool call).
            if ("assistant".equals(role)) {
                return "";
            }
            throw invalid(path, "is required for role " + role);
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw invalid(path, "must be a string or an array of content parts, got " + kind(content));
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            String at = path + "[" + j + "]";
            JsonNode part = content.get(j);
            String type = part.isObject() ? JsonFields.text(part, "type", at + ".type") : null;
            if (type == null) {
                throw invalid(at, "must be a content part object with a type");
            }
            if (!"text".equals(type)) {
                throw new ChatRequestException(
                        UNSUPPORTED_CONTENT,
                        at,
                        at + " has type '" + type + "'; only text"
                                + " parts are supported (images, audio and files are not routed yet)");
            }
            String partText = JsonFields.text(part, "text", at + ".text");
            if (partText == null) {
                throw invalid(at + ".text", "is required for a text part");
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(partText);
        }
        return text.toString();
    }
}
