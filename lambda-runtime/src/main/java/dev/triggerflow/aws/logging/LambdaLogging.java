package dev.triggerflow.aws.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Configures logback in a Lambda function: every line as JSON ({@link JsonLineEncoder}) on standard
 * output, which Lambda sends to the function's log group; the level from {@code
 * AWS_LAMBDA_LOG_LEVEL} (which Lambda sets when the function's log level is configured), INFO
 * otherwise; the AWS SDK at WARN. Building the configuration in code rather than from an XML file
 * keeps logback's XML parsing out of the cold start.
 *
 * <p>Logback finds this class through its service file. It steps aside, and logback goes on to its
 * usual configuration files, outside Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} unset) and wherever
 * the application has a configuration of its own ({@code logback.xml}, {@code logback-test.xml}, or
 * the {@code logback.configurationFile} system property), so an application that embeds the client
 * library keeps its own logging.
 */
public final class LambdaLogging extends ContextAwareBase implements Configurator {
  /** The variable that tells a Lambda function. */
  static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

  /** The variable of the function's log level. */
  static final String LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";

  private final Map<String, String> env;
  private final Predicate<String> hasResource;

  /** The configurator logback instantiates: the process environment and class path. */
  public LambdaLogging() {
    this(System.getenv(), name -> LambdaLogging.class.getClassLoader().getResource(name) != null);
  }

  LambdaLogging(Map<String, String> env, Predicate<String> hasResource) {
    this.env = env;
    this.hasResource = hasResource;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (env.get(FUNCTION_NAME) == null
        || System.getProperty("logback.configurationFile") != null
        || hasResource.test("logback-test.xml")
        || hasResource.test("logback.xml")) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("json");
    console.setEncoder(encoder);
    console.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.setLevel(level(env.get(LOG_LEVEL)));
    root.addAppender(console);
    context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Lambda's level names, with FATAL as ERROR; INFO when unset or unknown. */
  static Level level(String name) {
    if (name == null || name.isBlank()) {
      return Level.INFO;
    }
    String upper = name.trim().toUpperCase(Locale.ROOT);
    return "FATAL".equals(upper) ? Level.ERROR : Level.toLevel(upper, Level.INFO);
  }
}
