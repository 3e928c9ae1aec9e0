package dev.routeplane.cascade.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A strict, allocation-light JSON syntax check returning the top-level object's keys; enough to validate
 * a model's structured output without pulling a JSON library into this module. Not thread-confined state:
 * each call uses its own instance.
 */
public final class JsonProbe {

    private final String s;
    private int i;

    private JsonProbe(String s) {
        this.s = s;
    }

    /** Keys of the top-level object, or empty when the text is not one valid JSON object. */
    public static Optional<Set<String>> topLevelKeys(String text) {
        JsonProbe p = new JsonProbe(text);
        try {
            p.ws();
            if (p.peek() != '{') {
                return Optional.empty();
            }
            Set<String> keys = p.object(true);
            p.ws();
            return p.i == text.length() ? Optional.of(keys) : Optional.empty();
        } catch (IllegalStateException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private Set<String> object(boolean collect) {
        Set<String> keys = collect ? new HashSet<>() : null;
        expect('{');
        ws();
        if (peek() == '}') {
            i++;
            return keys;
        }
        while (true) {
            ws();
            String key = string();
            if (collect) {
                keys.add(key);
            }
            ws();
            expect(':');
            value();
            ws();
            char c = s.charAt(i++);
            if (c == '}') {
                return keys;
            }
            if (c != ',') {
                throw new IllegalStateException();
            }
        }
    }

    private void value() {
        ws();
        char c = peek();
        switch (c) {
            case '{' -> object(false);
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void array() {
        expect('[');
        ws();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            value();
            ws();
            char c = s.charAt(i++);
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw new IllegalStateException();
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                if (e == 'u') {
                    out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                } else if ("\"\\/bfnrt".indexOf(e) >= 0) {
                    out.append(e);
                } else {
                    throw new IllegalStateException();
                }
            } else if (c < 0x20) {
                throw new IllegalStateException();
            } else {
                out.append(c);
            }
        }
    }

    private void number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        try {
            Double.parseDouble(s.substring(start, i));
        } catch (NumberFormatException e) {
            throw new IllegalStateException();
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw new IllegalStateException();
        }
        i += word.length();
    }

    private void expect(char c) {
        if (s.charAt(i++) != c) {
            throw new IllegalStateException();
        }
    }

    private char peek() {
        return s.charAt(i);
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
