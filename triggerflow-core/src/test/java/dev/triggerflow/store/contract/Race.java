package dev.triggerflow.store.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs the same step on several threads released at the same instant, to provoke races. */
final class Race {
  private static final long TIMEOUT_SECONDS = 60;

  private Race() {}

  /**
   * Runs {@code step.apply(i)} for i in 0..threads-1, each on its own thread, all waiting on one
   * gate so that they hit the store together.
   *
   * @return the results, by thread index
   */
  static <T> List<T> run(int threads, IntFunction<T> step) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch gate = new CountDownLatch(1);
      List<Callable<T>> steps = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        steps.add(
            () -> {
              ready.countDown();
              gate.await();
              return step.apply(index);
            });
      }
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> s : steps) {
        futures.add(pool.submit(s));
      }
      if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("race threads did not start");
      }
      gate.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while racing", e);
    } catch (ExecutionException e) {
      throw new AssertionError("a racing step failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("a racing step did not finish", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
