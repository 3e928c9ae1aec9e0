package dev.routeplane.classifier.internal;

import static dev.routeplane.classifier.internal.Chars.isDigit;
import static dev.routeplane.classifier.internal.Chars.isUpper;

/**
 * IBAN recognition: two-letter country, two check digits, then the BBAN to the length registered for
 * that country, compact ({@code DE89370400440532013000}) or printed in groups
 * ({@code DE89 3704 0044 0532 0130 00}), accepted only when the ISO 13616 mod-97 check equals 1.
 * Countries missing from the table are not matched: without a known length, letters-and-digits codes
 * (part numbers, hashes) would be read greedily and the check alone gives 1 false hit in 97.
 */
final class Iban {

    /** IBAN lengths by country (SWIFT IBAN registry), indexed by the two letters. */
    private static final byte[] LENGTHS = new byte[26 * 26];

    static {
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 "
                + "DK18 DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 "
                + "IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 "
                + "MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 "
                + "SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
        for (String entry : table.split(" ")) {
            LENGTHS[index(entry.charAt(0), entry.charAt(1))] = Byte.parseByte(entry.substring(2));
        }
    }

    private Iban() {}

    /**
     * Tries to read an IBAN starting at {@code start} (an upper-case letter at a token start).
     *
     * @return index just after the IBAN, or -1 when there is none
     */
    static int match(String s, int start) {
        int n = s.length();
        if (start + 4 > n
                || !isUpper(s.charAt(start + 1))
                || !isDigit(s.charAt(start + 2))
                || !isDigit(s.charAt(start + 3))) {
            return -1;
        }
        int length = LENGTHS[index(s.charAt(start), s.charAt(start + 1))];
        if (length == 0) {
            return -1;
        }
        char[] chars = new char[length];
        int collected = 0;
        int p = start;
        while (collected < length && p < n) {
            char c = s.charAt(p);
            if (isUpper(c) || isDigit(c)) {
                chars[collected++] = c;
                p++;
            } else if (c == ' '
                    && collected >= 4
                    && p + 1 < n
                    && s.charAt(p - 1) != ' '
                    && (isUpper(s.charAt(p + 1)) || isDigit(s.charAt(p + 1)))) {
                p++;
            } else {
                break;
            }
        }
        if (collected < length || !Chars.atTokenEnd(s, p)) {
            return -1;
        }
        return mod97(chars) == 1 ? p : -1;
    }

    /** True when {@code iban} (compact or grouped) is a valid IBAN; for tests and callers outside a scan. */
    static boolean isValid(String iban) {
        int end = match(iban, 0);
        return end == iban.length();
    }

    /** ISO 7064 mod 97-10 over the rearranged IBAN (BBAN first, then country and check digits). */
    private static int mod97(char[] chars) {
        int r = 0;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[(i + 4) % chars.length];
            r = isDigit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (c - 'A' + 10)) % 97;
        }
        return r;
    }

    private static int index(char a, char b) {
        return (a - 'A') * 26 + (b - 'A');
    }
}
