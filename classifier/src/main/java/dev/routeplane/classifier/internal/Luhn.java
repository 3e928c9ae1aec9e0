package dev.routeplane.classifier.internal;

/** The Luhn (mod 10) check used by payment card numbers. */
final class Luhn {

    private Luhn() {}

    /** Luhn check over the digits of groups {@code g..h} of a run, skipping separators. */
    static boolean isValid(String s, NumberRunDetector.Run run, int g, int h) {
        int sum = 0;
        boolean doubleIt = false;
        boolean allSame = true;
        char firstDigit = s.charAt(run.start[g]);
        if (firstDigit < '1' || firstDigit > '6') {
            // ISO/IEC 7812 major industry identifiers 1-6 are the card-issuing ones (airline, travel,
            // banking); 0 and 7-9 are not cards, which removes many Luhn-valid accidents.
            return false;
        }
        for (int k = h; k >= g; k--) {
            for (int i = run.end[k] - 1; i >= run.start[k]; i--) {
                char c = s.charAt(i);
                allSame &= c == firstDigit;
                int d = c - '0';
                if (doubleIt) {
                    d *= 2;
                    if (d > 9) {
                        d -= 9;
                    }
                }
                sum += d;
                doubleIt = !doubleIt;
            }
        }
        return sum % 10 == 0 && !allSame;
    }

    /** Luhn check of a plain digit string; for tests and callers outside a scan. */
    static boolean isValid(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
