package dev.routeplane.classifier.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.routeplane.classifier.TokenizerEncoding;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts BPE tokens exactly as jtokkit's {@code countTokensOrdinary} does. Encodings are stateless and
 * thread-safe once loaded; loading one parses a multi-megabyte vocabulary, so the registry is shared and lazy
 * (only what is used loads).
 *
 * <p>For cl100k_base the text is split into pre-tokenizer pieces here ({@link Cl100kPieces}) and each piece's
 * count is looked up in a bounded cache in front of jtokkit: BPE never merges across pieces, and prompt words
 * repeat heavily, so most pieces cost one probe instead of a UTF-8 copy, a byte-array hash and a map lookup per
 * BPE step. Short ASCII word and number pieces, the bulk of them, go to a {@link ShortPieceCache} that needs no
 * string compare; the other pieces to a cache of String entries. A miss asks jtokkit for the piece alone, which
 * re-splits into that same single piece. Other encodings go to jtokkit directly. Thread-safe: cache slots hold
 * immutable entries and a lost race only costs a recount.
 */
public final class TokenCounter {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    /** Slots of the piece cache: enough for the working vocabulary of many tenants, about 2 MB when full. */
    private static final int CACHE_SLOTS = 1 << 15;
    /** Longer pieces (long identifiers, base64, whitespace runs) are rare and go to jtokkit uncached. */
    private static final int MAX_CACHED_CHARS = 24;

    private final Encoding encoding;
    private final AtomicReferenceArray<Entry> cache;
    private final ShortPieceCache shortPieces;

    private record Entry(String piece, int tokens) {}

    public TokenCounter(TokenizerEncoding encoding) {
        this.encoding = REGISTRY.getEncoding(
                switch (encoding) {
                    case CL100K_BASE -> EncodingType.CL100K_BASE;
                    case O200K_BASE -> EncodingType.O200K_BASE;
                });
        boolean cached = encoding == TokenizerEncoding.CL100K_BASE;
        this.cache = cached ? new AtomicReferenceArray<>(CACHE_SLOTS) : null;
        this.shortPieces = cached ? new ShortPieceCache() : null;
    }

    /**
     * Tokens in {@code text}. Uses the "ordinary" count, which reads special-token markers such as
     * {@code <|endoftext|>} as plain text: a prompt may legitimately contain them, and the plain
     * count throws on them.
     */
    public int count(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        if (cache == null) {
            return encoding.countTokensOrdinary(text);
        }
        Sum sum = new Sum();
        Cl100kPieces.split(text, sum);
        return sum.tokens;
    }

    private final class Sum implements Cl100kPieces.Sink {
        int tokens;

        @Override
        public void shortPiece(String text, int start, int end, long key) {
            int cached = shortPieces.get(key);
            tokens += cached >= 0 ? cached : countShort(text, start, end, key);
        }

        @Override
        public void piece(String text, int start, int end) {
            tokens += pieceTokens(text, start, end);
        }
    }

    private int countShort(String text, int start, int end, long key) {
        int tokens = encoding.countTokensOrdinary(text.substring(start, end));
        shortPieces.put(key, tokens);
        return tokens;
    }

    private int pieceTokens(String text, int start, int end) {
        if (end - start == 1 && text.charAt(start) < 0x80) {
            return 1; // every single byte is a token
        }
        long key = ShortPieceCache.key(text, start, end);
        if (key != 0) {
            int cached = shortPieces.get(key);
            return cached >= 0 ? cached : countShort(text, start, end, key);
        }
        int length = end - start;
        if (length > MAX_CACHED_CHARS) {
            return encoding.countTokensOrdinary(text.substring(start, end));
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text.charAt(i);
        }
        h *= 0x9E3779B9;
        int slot = h >>> (32 - Integer.numberOfTrailingZeros(CACHE_SLOTS));
        Entry e = cache.getAcquire(slot);
        if (e != null && e.piece.length() == length && text.regionMatches(start, e.piece, 0, length)) {
            return e.tokens;
        }
        String piece = text.substring(start, end);
        int tokens = encoding.countTokensOrdinary(piece);
        cache.setRelease(slot, new Entry(piece, tokens));
        return tokens;
    }
}
