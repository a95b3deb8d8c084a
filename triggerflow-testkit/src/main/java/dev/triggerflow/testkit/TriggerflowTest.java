package dev.triggerflow.testkit;

import dev.triggerflow.api.Registry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension of the test kit: every test method gets a fresh {@link TestRuntime}, with
 * its own in-memory stores, clock and mocks, as a parameter; the runtime is closed after the test.
 * Register it on a field, with the registry to run:
 *
 * <pre>{@code
 * class ApprovalTest {
 *   @RegisterExtension
 *   static final TriggerflowTest tf = TriggerflowTest.builder().registry(MyApp.registry()).build();
 *
 *   @Test
 *   void noAnswer_timesOutAfterADay(TestRuntime rt) {
 *     String runId = rt.start("approval", new Request("laptop", 900));
 *
 *     assertThat(rt.awaitResult(runId, String.class)).startsWith("TIMED_OUT");
 *     assertThat(rt.elapsed()).isEqualTo(Duration.ofDays(1));
 *   }
 * }
 * }</pre>
 *
 * <p>The runtime can be injected into {@code @BeforeEach} methods too; the test method then gets
 * the same one. Register one such extension per test class: two would both offer a {@link
 * TestRuntime}.
 */
public final class TriggerflowTest
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TriggerflowTest.class);

  private final Registry registry;
  private final Instant startAt;
  private final Duration timeout;

  private TriggerflowTest(Builder b) {
    this.registry = Objects.requireNonNull(b.registry, "a registry is required");
    this.startAt = b.startAt;
    this.timeout = b.timeout;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestRuntime runtime =
        TestRuntime.builder().registry(registry).startAt(startAt).timeout(timeout).build();
    context.getStore(NAMESPACE).put(TestRuntime.class, runtime);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestRuntime runtime = context.getStore(NAMESPACE).remove(TestRuntime.class, TestRuntime.class);
    if (runtime != null) {
      runtime.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestRuntime.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestRuntime runtime = context.getStore(NAMESPACE).get(TestRuntime.class, TestRuntime.class);
    if (runtime == null) {
      throw new ParameterResolutionException(
          "a TestRuntime exists only for a test method and its @BeforeEach and @AfterEach"
              + " methods, not for "
              + parameter.getDeclaringExecutable());
    }
    return runtime;
  }

  /** Configures a {@link TriggerflowTest}; each test's runtime is built with these settings. */
  public static final class Builder {
    private Registry registry;
    private Instant startAt = TestRuntime.DEFAULT_START;
    private Duration timeout = TestRuntime.DEFAULT_TIMEOUT;

    private Builder() {}

    /** The workflows and tasks to run (required); see {@link TestRuntime.Builder#registry}. */
    public Builder registry(Registry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Where each test's clock starts; see {@link TestRuntime.Builder#startAt}. */
    public Builder startAt(Instant start) {
      this.startAt = Objects.requireNonNull(start, "start");
      return this;
    }

    /** The longest a wait blocks in real time; see {@link TestRuntime.Builder#timeout}. */
    public Builder timeout(Duration timeout) {
      // Checked here too, so that a bad value fails where the extension is declared.
      TestRuntime.builder().timeout(timeout);
      this.timeout = timeout;
      return this;
    }

    /** The extension, to put on a {@code @RegisterExtension} field. */
    public TriggerflowTest build() {
      return new TriggerflowTest(this);
    }
  }
}
