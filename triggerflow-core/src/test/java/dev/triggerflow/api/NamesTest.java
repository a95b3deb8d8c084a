package dev.triggerflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NamesTest {
  /** The rule written as a regular expression, to check the hand-written scanner against. */
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  @Test
  void accepts_lettersDigitsDotsUnderscoresAndDashes() {
    assertThat(Names.isValid("a")).isTrue();
    assertThat(Names.isValid("run-1.attempt_2")).isTrue();
    assertThat(Names.isValid("9lives")).isTrue();
    assertThat(Names.isValid("x".repeat(Names.MAX_LENGTH))).isTrue();
  }

  @Test
  void rejects_emptyTooLongBadStartAndOtherCharacters() {
    assertThat(Names.isValid(null)).isFalse();
    assertThat(Names.isValid("")).isFalse();
    assertThat(Names.isValid("x".repeat(Names.MAX_LENGTH + 1))).isFalse();
    assertThat(Names.isValid("-run")).isFalse();
    assertThat(Names.isValid(".run")).isFalse();
    assertThat(Names.isValid("run/1")).isFalse();
    assertThat(Names.isValid("run 1")).isFalse();
    assertThat(Names.isValid("r\u00e9sum\u00e9")).isFalse();
    assertThat(Names.isValid("run\n1")).isFalse();
  }

  @Test
  void requireValid_namesWhatIsWrongWithoutEchoingControlCharacters() {
    assertThatThrownBy(() -> Names.requireValid("run id", "bad\u0007id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run id 'bad?id' (6 characters) is not valid")
        .hasMessageContaining("letters, digits");
    assertThatThrownBy(() -> Names.requireValid("task name", null))
        .hasMessageContaining("task name (missing)");
  }

  @Property(tries = 2000)
  void isValid_agreesWithTheRule(@ForAll("candidates") String value) {
    assertThat(Names.isValid(value)).isEqualTo(RULE.matcher(value).matches());
  }

  @Provide
  Arbitrary<String> candidates() {
    return Arbitraries.strings()
        .withChars("aZ09._-/ \u00e9\u0000")
        .withCharRange('!', '~')
        .ofMinLength(0)
        .ofMaxLength(Names.MAX_LENGTH + 2);
  }
}
