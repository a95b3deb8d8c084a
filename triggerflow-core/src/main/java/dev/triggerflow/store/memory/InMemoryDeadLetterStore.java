package dev.triggerflow.store.memory;

import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.DeadLetterStore;
import java.util.ArrayList;
import java.util.List;

/** Dead letters in memory. */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
  private final List<DeadLetter> letters = new ArrayList<>();

  @Override
  public synchronized void put(DeadLetter letter) {
    letters.add(letter);
  }

  @Override
  public synchronized List<DeadLetter> list(int limit) {
    List<DeadLetter> newest = new ArrayList<>();
    for (int i = letters.size() - 1; i >= 0 && newest.size() < limit; i--) {
      newest.add(letters.get(i));
    }
    return newest;
  }
}
