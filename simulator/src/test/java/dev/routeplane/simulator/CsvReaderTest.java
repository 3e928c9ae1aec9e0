package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void parsesQuotedMultiLineFieldsAndDoubledQuotes() {
        String csv = ",id,prompt\n0,a,\"line one\nline \"\"two\"\", with comma\"\n1,b,plain\n";

        List<List<String>> rows = CsvReader.parse(csv);

        assertThat(rows)
                .containsExactly(
                        List.of("", "id", "prompt"),
                        List.of("0", "a", "line one\nline \"two\", with comma"),
                        List.of("1", "b", "plain"));
    }

    @Test
    void acceptsCrlfAndKeepsEmptyFields() {
        List<List<String>> rows = CsvReader.parse("a,,c\r\n,,\r\n\"\",x,\"\"");

        assertThat(rows).containsExactly(List.of("a", "", "c"), List.of("", "", ""), List.of("", "x", ""));
    }

    @Test
    void keepsCrlfInsideQuotedField() {
        assertThat(CsvReader.parse("\"a\r\nb\",c\n")).containsExactly(List.of("a\r\nb", "c"));
    }

    @Test
    void rejectsUnterminatedQuote() {
        assertThatThrownBy(() -> CsvReader.parse("a,\"never closed\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside a quoted field");
    }
}
