package dev.routeplane.classifier.internal;

import static dev.routeplane.classifier.internal.Chars.isDigit;
import static dev.routeplane.classifier.internal.Chars.isUpper;
import static dev.routeplane.classifier.internal.Chars.tokenRun;

/**
 * Credentials: vendor key formats recognised by their fixed prefixes (OpenAI/Anthropic {@code sk-},
 * AWS {@code AKIA}/{@code ASIA}, Google {@code AIza}, GitHub {@code ghp_} and friends, Slack
 * {@code xox?-}, JWTs, PEM private keys) plus generic {@code password=...}/{@code api_key: ...}
 * assignments whose value looks random. Prefix dispatch keeps the scan to one switch per character.
 */
final class SecretMatcher {

    private static final String[] KEY_NAME_SUFFIXES = {
        "password",
        "passwd",
        "pwd",
        "secret",
        "api_key",
        "apikey",
        "api-key",
        "token",
        "access_key",
        "secret_key",
        "private_key",
        "auth_key",
        "credentials"
    };

    private SecretMatcher() {}

    /**
     * False when no vendor format that {@link #matchPrefixed} tries for {@code first} has {@code second} as its
     * second character; lets a scan pass over ordinary words starting with a prefix letter cheaply.
     */
    static boolean mayStartPrefixed(char first, char second) {
        return switch (first) {
            case 's' -> second == 'k';
            case 'g' -> second == 'h' || second == 'i';
            case 'x' -> second == 'o';
            case 'e' -> second == 'y';
            case '-' -> second == '-';
            default -> true;
        };
    }

    /**
     * Tries the vendor formats whose prefix starts with {@code s.charAt(start)} (at a token start).
     *
     * @return index just after the secret, or -1
     */
    static int matchPrefixed(String s, int start) {
        char c = s.charAt(start);
        int run;
        switch (c) {
            case 's':
                if (s.startsWith("sk-", start) && (run = tokenRun(s, start + 3, true, true)) >= 20) {
                    return start + 3 + run;
                }
                return -1;
            case 'A':
                if ((s.startsWith("AKIA", start) || s.startsWith("ASIA", start))
                        && upperAlnumRun(s, start + 4) == 16
                        && Chars.atTokenEnd(s, start + 20)) {
                    return start + 20;
                }
                if (s.startsWith("AIza", start) && (run = tokenRun(s, start + 4, true, true)) >= 35) {
                    return start + 4 + run;
                }
                return -1;
            case 'g':
                if (s.startsWith("gh", start)
                        && start + 4 <= s.length()
                        && s.charAt(start + 3) == '_'
                        && "pousr".indexOf(s.charAt(start + 2)) >= 0
                        && (run = tokenRun(s, start + 4, false, false)) >= 36) {
                    return start + 4 + run;
                }
                if (s.startsWith("github_pat_", start) && (run = tokenRun(s, start + 11, false, true)) >= 22) {
                    return start + 11 + run;
                }
                return -1;
            case 'x':
                if (s.startsWith("xox", start)
                        && start + 5 <= s.length()
                        && "bapors".indexOf(s.charAt(start + 3)) >= 0
                        && s.charAt(start + 4) == '-'
                        && (run = tokenRun(s, start + 5, true, false)) >= 10) {
                    return start + 5 + run;
                }
                return -1;
            case 'e':
                return matchJwt(s, start);
            case '-':
                return matchPemPrivateKey(s, start);
            default:
                return -1;
        }
    }

    /**
     * At a {@code =} or {@code :}, checks for {@code <name ending in password/secret/token/...> = <value>}
     * with a random-looking value (12+ chars, letters and digits, at least 3 bits of entropy per char),
     * so that {@code password: see vault} or {@code token: 500} are not flagged.
     *
     * @return index just after the value, or -1
     */
    static int matchAssignment(String s, int op) {
        int j = op - 1;
        while (j >= 0 && op - j <= 3 && (s.charAt(j) == ' ' || s.charAt(j) == '"' || s.charAt(j) == '\'')) {
            j--;
        }
        int keyEnd = j + 1;
        if (!matchesKeyName(s, keyEnd)) {
            return -1;
        }
        int n = s.length();
        int p = op + 1;
        while (p < n && p - op <= 3 && (s.charAt(p) == ' ' || s.charAt(p) == '"' || s.charAt(p) == '\'')) {
            p++;
        }
        int valueStart = p;
        while (p < n && p - valueStart < 256 && isValueChar(s.charAt(p))) {
            p++;
        }
        return looksRandom(s, valueStart, p) ? p : -1;
    }

    private static boolean matchesKeyName(String s, int keyEnd) {
        // Cheap pre-filter: ':' and '=' are common in prose and code; every key name ends in d/t/y/n/s.
        if (keyEnd == 0 || "dtynsDTYNS".indexOf(s.charAt(keyEnd - 1)) < 0) {
            return false;
        }
        for (String suffix : KEY_NAME_SUFFIXES) {
            int from = keyEnd - suffix.length();
            if (from >= 0 && s.regionMatches(true, from, suffix, 0, suffix.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksRandom(String s, int from, int to) {
        int len = to - from;
        if (len < 12) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        int[] counts = new int[128];
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            letter |= Character.isLetter(c);
            digit |= isDigit(c);
            counts[c & 127]++;
        }
        if (!letter || !digit) {
            return false;
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / len;
                entropy -= p * Math.log(p);
            }
        }
        return entropy / Math.log(2) >= 3.0;
    }

    private static boolean isValueChar(char c) {
        return c > ' ' && c != '"' && c != '\'' && c != '`' && c != ',' && c != ';' && c != '<' && c != '>';
    }

    /** JSON Web Token: three base64url parts, the first two starting {@code eyJ} (a JSON object). */
    private static int matchJwt(String s, int start) {
        if (!s.startsWith("eyJ", start)) {
            return -1;
        }
        int p = start;
        for (int part = 0; part < 3; part++) {
            int run = tokenRun(s, p, true, true);
            if (run < 10) {
                return -1;
            }
            p += run;
            if (part < 2) {
                if (p >= s.length() || s.charAt(p) != '.') {
                    return -1;
                }
                p++;
            }
        }
        return p;
    }

    private static int matchPemPrivateKey(String s, int start) {
        if (!s.startsWith("-----BEGIN ", start)) {
            return -1;
        }
        // Bounded search: the header is one short line ("-----BEGIN RSA PRIVATE KEY-----").
        int limit = Math.min(s.length(), start + 64) - 16;
        for (int k = start + 11; k <= limit; k++) {
            if (s.startsWith("PRIVATE KEY-----", k)) {
                return k + 16;
            }
        }
        return -1;
    }

    private static int upperAlnumRun(String s, int from) {
        int p = from;
        while (p < s.length() && (isUpper(s.charAt(p)) || isDigit(s.charAt(p)))) {
            p++;
        }
        return p - from;
    }
}
