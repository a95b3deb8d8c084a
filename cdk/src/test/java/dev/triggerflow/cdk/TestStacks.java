package dev.triggerflow.cdk;

import dev.triggerflow.cdk.build.CdkSynth;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Stacks for the tests, built on a placeholder asset so that no jar needs to exist. */
final class TestStacks {
  static final String PLACEHOLDER_CODE = CdkSynth.PLACEHOLDER_CODE;
  static final String REGISTRY = "com.example.Registry";

  private TestStacks() {}

  /** The examples app's stack. */
  static Stack examples() {
    return ExamplesApp.createStack(new App(), PLACEHOLDER_CODE);
  }

  /** A stack named {@code Test} holding one engine, configured by {@code props}. */
  static Stack engine(Consumer<TriggerflowEngineProps.Builder> props) {
    return engine(props, engine -> {});
  }

  /** A stack with one engine, configured by {@code props}, then extended by {@code then}. */
  static Stack engine(
      Consumer<TriggerflowEngineProps.Builder> props, Consumer<TriggerflowEngine> then) {
    Stack stack = new Stack(new App(), "Test");
    TriggerflowEngineProps.Builder builder =
        TriggerflowEngineProps.builder().registryProvider(REGISTRY).codePath(PLACEHOLDER_CODE);
    props.accept(builder);
    then.accept(new TriggerflowEngine(stack, "Engine", builder.build()));
    return stack;
  }

  /** The template as plain maps and lists. */
  static Map<String, Object> json(Stack stack) {
    return Template.fromStack(stack).toJSON();
  }
}
