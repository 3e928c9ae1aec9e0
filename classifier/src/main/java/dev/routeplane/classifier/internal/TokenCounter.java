package dev.routeplane.classifier.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.routeplane.classifier.TokenizerEncoding;

/**
 * Counts BPE tokens with jtokkit. Encodings are stateless and thread-safe once loaded; loading one
 * parses a multi-megabyte vocabulary, so the registry is shared and lazy (only what is used loads).
 */
public final class TokenCounter {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;

    public TokenCounter(TokenizerEncoding encoding) {
        this.encoding = REGISTRY.getEncoding(switch (encoding) {
            case CL100K_BASE -> EncodingType.CL100K_BASE;
            case O200K_BASE -> EncodingType.O200K_BASE;
        });
    }

    /**
     * Tokens in {@code text}. Uses the "ordinary" count, which reads special-token markers such as
     * {@code <|endoftext|>} as plain text: a prompt may legitimately contain them, and the plain
     * count throws on them.
     */
    public int count(String text) {
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
