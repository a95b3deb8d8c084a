package dev.triggerflow.engine;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The logger workflow code gets from its context. It says nothing while the code replays history,
 * so that a line is logged once, when the run first reaches it, not on every wake; every line it
 * does log carries the run id and episode in the MDC.
 */
final class ReplayAwareLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient Logger delegate;
  private final transient BooleanSupplier replaying;
  private final String runId;
  private final transient java.util.function.IntSupplier episode;

  ReplayAwareLogger(
      Logger delegate,
      String runId,
      BooleanSupplier replaying,
      java.util.function.IntSupplier episode) {
    this.name = delegate.getName();
    this.delegate = delegate;
    this.runId = runId;
    this.replaying = replaying;
    this.episode = episode;
  }

  private boolean live() {
    return !replaying.getAsBoolean();
  }

  @Override
  public boolean isTraceEnabled() {
    return live() && delegate.isTraceEnabled();
  }

  @Override
  public boolean isDebugEnabled() {
    return live() && delegate.isDebugEnabled();
  }

  @Override
  public boolean isInfoEnabled() {
    return live() && delegate.isInfoEnabled();
  }

  @Override
  public boolean isWarnEnabled() {
    return live() && delegate.isWarnEnabled();
  }

  @Override
  public boolean isErrorEnabled() {
    return live() && delegate.isErrorEnabled();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return ReplayAwareLogger.class.getName();
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String message, Object[] arguments, Throwable throwable) {
    if (!live()) {
      return;
    }
    MDC.put("runId", runId);
    MDC.put("episode", Integer.toString(episode.getAsInt()));
    MDC.put("replaying", "false");
    try {
      LoggingEventBuilder event = delegate.atLevel(level).setMessage(message);
      if (marker != null) {
        event = event.addMarker(marker);
      }
      if (arguments != null) {
        for (Object argument : arguments) {
          event = event.addArgument(argument);
        }
      }
      if (throwable != null) {
        event = event.setCause(throwable);
      }
      event.log();
    } finally {
      MDC.remove("replaying");
    }
  }
}
