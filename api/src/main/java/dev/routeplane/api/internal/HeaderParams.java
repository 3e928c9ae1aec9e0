package dev.routeplane.api.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parameters of a header value ({@code ; name="value"; other=token}), with quoted strings and escapes. */
final class HeaderParams {
    private HeaderParams() {}

    /** Names lowercased; the first occurrence of a name wins. Malformed pieces are skipped, not guessed at. */
    static Map<String, String> parse(String params) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = params.length();
        while (i < n) {
            while (i < n && (params.charAt(i) == ';' || Character.isWhitespace(params.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && params.charAt(i) != '=' && params.charAt(i) != ';') {
                i++;
            }
            String name = params.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            if (i >= n || params.charAt(i) == ';') {
                continue; // a bare token without a value
            }
            i++; // '='
            while (i < n && Character.isWhitespace(params.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && params.charAt(i) == '"') {
                i++;
                while (i < n && params.charAt(i) != '"') {
                    char c = params.charAt(i++);
                    // Browsers do not escape backslashes in file names (C:\dir\a.txt); only \" and \\ are escapes.
                    if (c == '\\' && i < n && (params.charAt(i) == '"' || params.charAt(i) == '\\')) {
                        c = params.charAt(i++);
                    }
                    value.append(c);
                }
                i++; // closing quote
            } else {
                while (i < n && params.charAt(i) != ';') {
                    value.append(params.charAt(i++));
                }
            }
            if (!name.isEmpty()) {
                out.putIfAbsent(name, value.toString().trim());
            }
        }
        return out;
    }

    /** An RFC 5987 extended value ({@code UTF-8''%E2%82%AC%20rates.jsonl}); other charsets are read as UTF-8. */
    static String extended(String value) {
        int quote = value.indexOf('\'');
        int second = quote < 0 ? -1 : value.indexOf('\'', quote + 1);
        String encoded = second < 0 ? value : value.substring(second + 1);
        return HttpIo.decodeSegment(encoded);
    }
}
