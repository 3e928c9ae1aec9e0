package dev.routeplane.classifier;

import dev.routeplane.config.DataClass;

/** A kind of sensitive value a detector looks for, with the data class it implies. */
public enum DetectionKind {
    /** An e-mail address. */
    EMAIL("email", DataClass.CONFIDENTIAL),
    /** A phone number in E.164 or a common national format. */
    PHONE("phone number", DataClass.CONFIDENTIAL),
    /** A Luhn-valid card number of 13 to 19 digits. */
    PAYMENT_CARD("payment card (Luhn-valid)", DataClass.REGULATED),
    /** An IBAN with a valid length for its country and mod-97 check digits. */
    IBAN("IBAN (mod-97 valid)", DataClass.REGULATED),
    /** A national identifier: US social security number or UK national insurance number. */
    NATIONAL_ID("national id (US SSN / UK NINO)", DataClass.REGULATED),
    /** A credential: API key, access token, private key, or a password-like assignment. */
    SECRET("secret", DataClass.CONFIDENTIAL);

    private final String label;
    private final DataClass implies;

    DetectionKind(String label, DataClass implies) {
        this.label = label;
        this.implies = implies;
    }

    /** Human-readable name used in trace lines. */
    public String label() {
        return label;
    }

    /** The least data class a request containing this kind must have. */
    public DataClass implies() {
        return implies;
    }
}
