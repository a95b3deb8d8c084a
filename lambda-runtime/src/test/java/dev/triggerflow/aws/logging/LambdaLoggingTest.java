package dev.triggerflow.aws.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaLoggingTest {
  private final LoggerContext context = new LoggerContext();

  private ExecutionStatus configure(Map<String, String> env, String... resources) {
    LambdaLogging configurator =
        new LambdaLogging(env, name -> java.util.List.of(resources).contains(name));
    configurator.setContext(context);
    return configurator.configure(context);
  }

  @Test
  void onLambda_logsJsonToStandardOutputAtTheFunctionsLevel() {
    ExecutionStatus status =
        configure(
            Map.of("AWS_LAMBDA_FUNCTION_NAME", "tf-trigger", "AWS_LAMBDA_LOG_LEVEL", "DEBUG"));

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
    Appender<ILoggingEvent> appender = root.getAppender("json");
    assertThat(appender).isInstanceOf(ConsoleAppender.class);
    ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) appender;
    assertThat(console.getEncoder()).isInstanceOf(JsonLineEncoder.class);
    assertThat(console.getTarget()).isEqualTo("System.out");
    assertThat(context.getLogger("software.amazon.awssdk").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void onLambda_withoutALevel_logsInfo() {
    configure(Map.of("AWS_LAMBDA_FUNCTION_NAME", "tf-trigger"));

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
    assertThat(LambdaLogging.level("FATAL")).isEqualTo(Level.ERROR);
    assertThat(LambdaLogging.level("nonsense")).isEqualTo(Level.INFO);
  }

  @Test
  void outsideLambda_orWithTheApplicationsOwnConfiguration_stepsAside() {
    assertThat(configure(Map.of())).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(configure(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f"), "logback.xml"))
        .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("json")).isNull();
  }
}
