package dev.routeplane.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the Python list-of-strings literals RouterBench stores prompts and responses in, e.g.
 * {@code ['It\'s fine.\n', "say \"hi\""]}, with Python's string escapes.
 */
final class PythonLiterals {

    private PythonLiterals() {}

    /** The strings of a {@code [...]} literal of string literals. */
    static List<String> parseStringList(String literal) {
        Cursor c = new Cursor(literal);
        c.skipSpace();
        c.expect('[');
        List<String> out = new ArrayList<>();
        c.skipSpace();
        if (c.peek() == ']') {
            c.pos++;
        } else {
            while (true) {
                out.add(c.string());
                c.skipSpace();
                char next = c.next();
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    throw c.error("expected ',' or ']'");
                }
                c.skipSpace();
                if (c.peek() == ']') { // trailing comma
                    c.pos++;
                    break;
                }
            }
        }
        c.skipSpace();
        if (c.pos != literal.length()) {
            throw c.error("unexpected text after ']'");
        }
        return out;
    }

    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        String string() {
            char quote = next();
            if (quote != '\'' && quote != '"') {
                throw error("expected a string literal");
            }
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == quote) {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '\n' -> {} // line continuation
                    case '\\', '\'', '"' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case 'x' -> sb.appendCodePoint(hex(2));
                    case 'u' -> sb.appendCodePoint(hex(4));
                    case 'U' -> sb.appendCodePoint(hex(8));
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int value = e - '0';
                            for (int k = 0;
                                    k < 2 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7';
                                    k++) {
                                value = value * 8 + (s.charAt(pos++) - '0');
                            }
                            sb.append((char) value);
                        } else {
                            // Python keeps unknown escapes verbatim.
                            sb.append('\\').append(e);
                        }
                    }
                }
            }
        }

        private int hex(int digits) {
            if (pos + digits > s.length()) {
                throw error("truncated \\x/\\u escape");
            }
            int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("not a Python list of strings: " + what + " at offset " + pos);
        }
    }
}
