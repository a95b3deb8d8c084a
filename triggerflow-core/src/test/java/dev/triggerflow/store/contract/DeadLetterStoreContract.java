package dev.triggerflow.store.contract;

import static dev.triggerflow.store.contract.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.DeadLetterStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeadLetterStore} must have: every letter kept as received, listed
 * newest first. Subclass it with a factory for a fresh, empty store.
 */
public abstract class DeadLetterStoreContract {
  private DeadLetterStore store;

  /** A new, empty store; called before each test. */
  protected abstract DeadLetterStore newDeadLetterStore();

  @BeforeEach
  final void openDeadLetterStore() {
    store = newDeadLetterStore();
  }

  @Test
  void list_emptyStore_isEmpty() {
    List<DeadLetter> letters = store.list(10);

    assertThat(letters).isEmpty();
  }

  @Test
  void list_severalLetters_newestFirst() {
    for (int i = 0; i < 5; i++) {
      store.put(letter(i));
    }

    List<DeadLetter> letters = store.list(10);

    assertThat(letters).containsExactly(letter(4), letter(3), letter(2), letter(1), letter(0));
  }

  @Test
  void list_withALimit_returnsOnlyTheNewest() {
    for (int i = 0; i < 5; i++) {
      store.put(letter(i));
    }

    List<DeadLetter> letters = store.list(2);

    assertThat(letters).containsExactly(letter(4), letter(3));
  }

  @Test
  void put_roundTripsEveryField() {
    DeadLetter full =
        new DeadLetter(
            "dl-full",
            T0,
            "no trigger of run 'run-1' is activated by subject 's' \u2713",
            "run-1",
            Fixtures.AWKWARD_JSON);
    DeadLetter noRun = new DeadLetter("dl-norun", T0.plusNanos(1), "unreadable", null, "{{{");
    DeadLetter binaryish =
        new DeadLetter(
            "dl-odd", T0.plusNanos(2), "odd payload", "run-2", "line\r\n\ttab \u0001 \uD83D\uDE00");

    store.put(full);
    store.put(noRun);
    store.put(binaryish);

    assertThat(store.list(3)).containsExactly(binaryish, noRun, full);
  }

  @Test
  void put_largePayload_roundTripsExactly() {
    DeadLetter big =
        new DeadLetter("dl-big", T0, "too big", "run-1", Fixtures.bigJson(400_000, 9).toString());

    store.put(big);

    assertThat(store.list(1)).containsExactly(big);
  }

  private static DeadLetter letter(int i) {
    return new DeadLetter(
        "dl-" + i, T0.plusSeconds(i), "reason " + i, "run-" + i, "{\"i\":" + i + "}");
  }
}
