package dev.routeplane.classifier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.classifier.DetectionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SensitiveDataScannerTest {

    private static DetectionTally scan(String text) {
        DetectionTally tally = new DetectionTally();
        SensitiveDataScanner.scan(text, tally);
        return tally;
    }

    private static int count(String text, DetectionKind kind) {
        return scan(text).count(kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111 1111 1111 1111",
                "4111-1111-1111-1111",
                "4111111111111111",
                "5500 0000 0000 0004",
                "3782 822463 10005",
                "6011000990139424"
            })
    void findsLuhnValidCards(String card) {
        assertThat(count("pay with " + card + " today", DetectionKind.PAYMENT_CARD))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111 1111 1111 1112",
                "4111111111111112",
                "9111111111111110",
                "1234 5678 9012",
                "4111 1111-1111 1111",
                "4111111111111111abc"
            })
    void ignoresLuhnInvalidOrMisshapenCards(String notCard) {
        assertThat(count("ref " + notCard + " end", DetectionKind.PAYMENT_CARD)).isZero();
    }

    @Test
    void findsCardAfterAnUnrelatedNumberInTheSameRun() {
        assertThat(count("qty 2 4111 1111 1111 1111", DetectionKind.PAYMENT_CARD))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DE89370400440532013000",
                "DE89 3704 0044 0532 0130 00",
                "GB82WEST12345698765432",
                "GB82 WEST 1234 5698 7654 32",
                "FR1420041010050500013M02606"
            })
    void findsMod97ValidIbans(String iban) {
        assertThat(count("send to " + iban + ", thanks", DetectionKind.IBAN)).isEqualTo(1);
        assertThat(Iban.isValid(iban)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DE89370400440532013001",
                "DE88370400440532013000",
                "DE8937040044053201300",
                "ZZ89370400440532013000",
                "GB82WEST1234569876543"
            })
    void rejectsIbansWithBadCheckDigitsLengthOrCountry(String notIban) {
        assertThat(count("send to " + notIban + " now", DetectionKind.IBAN)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "078-05-1120", "AB 12 34 56 C", "AB123456C"})
    void findsNationalIds(String id) {
        assertThat(count("id " + id + ".", DetectionKind.NATIONAL_ID)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "000-12-3456",
                "666-12-3456",
                "912-34-5678",
                "123-00-4567",
                "123-45-0000",
                "123-45-67890",
                "QQ123456C",
                "AB123456E",
                "DA123456A"
            })
    void rejectsInvalidSsnAreasAndNinoPrefixes(String notId) {
        assertThat(count("id " + notId + ".", DetectionKind.NATIONAL_ID)).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+1 415 555 2671",
                "+44 20 7946 0958",
                "+4930123456",
                "(415) 555-2671",
                "415-555-2671",
                "415.555.2671",
                "1-800-555-2671",
                "020 7946 0958",
                "01 23 45 67 89",
                "030 1234567"
            })
    void findsPhoneNumbers(String phone) {
        assertThat(count("call " + phone + " now", DetectionKind.PHONE)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024",
                "1,299.00",
                "2024-01-15",
                "192.168.1.1",
                "1.2.3",
                "415 555 2671",
                "123-456-7890",
                "+12",
                "3.14159265",
                "1234567890",
                "order 100 200 3000"
            })
    void ignoresPlainNumbersYearsPricesDatesAndVersions(String number) {
        assertThat(scan("value " + number + " here").toList()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"john.doe@example.com", "a+tag@mail.example.co.uk", "x_y-z@sub-domain.org"})
    void findsEmails(String email) {
        assertThat(count("write to <" + email + ">.", DetectionKind.EMAIL)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@mention", "user@localhost", "a@b.c", "name@ example.com", "foo@bar.123"})
    void ignoresNonEmails(String text) {
        assertThat(count("see " + text + " ok", DetectionKind.EMAIL)).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t",
                "sk-ant-api03-Xy7zAb1cDe4fGh7iJk0lMn3o",
                "AKIAIOSFODNN7EXAMPLE",
                "ghp_0123456789abcdefghijABCDEFGHIJklmnop",
                "xoxb-123456789012-abcdefghij",
                "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
                "-----BEGIN RSA PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                "api_key=Zx8Qw3Er5Ty7Ui9Op2",
                "password: \"hG7#kL2$mN9pQ4\"",
                "\"client_secret\": \"a8F3kd9Sl2Qm7Xz1\""
            })
    void findsSecrets(String secret) {
        assertThat(count("config " + secret + " end", DetectionKind.SECRET)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sk-short",
                "task-force-alpha-bravo-charlie-delta",
                "AKIA1234",
                "password=hunter2",
                "api_key=your_api_key_here",
                "max_tokens: 500",
                "token: see the vault",
                "-----BEGIN CERTIFICATE-----"
            })
    void ignoresNonSecrets(String text) {
        assertThat(count("config " + text + " end", DetectionKind.SECRET)).isZero();
    }

    @Test
    void countsEveryOccurrenceOfAKind() {
        DetectionTally tally = scan("a@example.com, b@example.org and c@example.net; card 4111 1111 1111 1111 "
                + "and 5500-0000-0000-0004");

        assertThat(tally.count(DetectionKind.EMAIL)).isEqualTo(3);
        assertThat(tally.count(DetectionKind.PAYMENT_CARD)).isEqualTo(2);
    }

    @Test
    void luhnHelperAgreesWithKnownNumbers() {
        assertThat(Luhn.isValid("4111111111111111")).isTrue();
        assertThat(Luhn.isValid("4111111111111112")).isFalse();
    }
}
