package dev.triggerflow.spi;

import java.util.List;

/** Where events go that the engine cannot process. */
public interface DeadLetterStore {

  /** Stores a dead letter. */
  void put(DeadLetter letter);

  /** The most recent dead letters, newest first. */
  List<DeadLetter> list(int limit);
}
