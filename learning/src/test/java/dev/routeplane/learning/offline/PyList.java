package dev.routeplane.learning.offline;

import java.util.ArrayList;
import java.util.List;

/** Parses a Python list-of-strings literal such as {@code ['a\n', "b's"]}; anything else is returned whole. */
final class PyList {

    private PyList() {}

    static List<String> parse(String s) {
        String t = s.strip();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        int i = 1;
        while (i < t.length() - 1) {
            char c = t.charAt(i);
            if (c == '\'' || c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < t.length() && t.charAt(i) != c) {
                    char d = t.charAt(i);
                    if (d == '\\' && i + 1 < t.length()) {
                        char e = t.charAt(++i);
                        switch (e) {
                            case 'n' -> b.append('\n');
                            case 't' -> b.append('\t');
                            case 'r' -> b.append('\r');
                            case 'x' -> {
                                b.append((char) Integer.parseInt(t.substring(i + 1, i + 3), 16));
                                i += 2;
                            }
                            case 'u' -> {
                                b.append((char) Integer.parseInt(t.substring(i + 1, i + 5), 16));
                                i += 4;
                            }
                            default -> b.append(e);
                        }
                    } else {
                        b.append(d);
                    }
                    i++;
                }
                out.add(b.toString());
            }
            i++;
        }
        return out.isEmpty() ? List.of(s) : out;
    }
}
