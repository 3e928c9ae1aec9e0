package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PythonLiteralsTest {

    @Test
    void unwrapsSingleQuotedStringWithEscapes() {
        String literal = "['Here\\'s code:\\n```python\\ndef f():\\n\\treturn \"x\\\\y\"\\n```']";

        assertThat(PythonLiterals.parseStringList(literal))
                .containsExactly("Here's code:\n```python\ndef f():\n\treturn \"x\\y\"\n```");
    }

    @Test
    void unwrapsDoubleQuotedAndSeveralStrings() {
        assertThat(PythonLiterals.parseStringList("[\"it's\", 'b\\x41\\u00e9', 'c\\r']"))
                .containsExactly("it's", "bAé", "c\r");
    }

    @Test
    void keepsUnknownEscapesVerbatimLikePython() {
        assertThat(PythonLiterals.parseStringList("['a\\d+ \\w']")).containsExactly("a\\d+ \\w");
    }

    @Test
    void acceptsEmptyListAndTrailingComma() {
        assertThat(PythonLiterals.parseStringList("[]")).isEmpty();
        assertThat(PythonLiterals.parseStringList("['x',]")).containsExactly("x");
    }

    @Test
    void rejectsTextThatIsNotAListOfStrings() {
        assertThatThrownBy(() -> PythonLiterals.parseStringList("plain prompt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected '['");
        assertThatThrownBy(() -> PythonLiterals.parseStringList("['a'] tail"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after ']'");
    }
}
