package dev.triggerflow.aws.config;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value built on first use, once, then shared. A factory that throws leaves nothing behind, so
 * the next use tries again and reports the same error rather than a stale one.
 */
final class Lazy<T> {
  private final Supplier<? extends T> factory;
  private T value;

  Lazy(Supplier<? extends T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  synchronized T get() {
    if (value == null) {
      value = Objects.requireNonNull(factory.get(), "factory returned null");
    }
    return value;
  }

  synchronized void ifBuilt(Consumer<? super T> action) {
    if (value != null) {
      action.accept(value);
    }
  }
}
