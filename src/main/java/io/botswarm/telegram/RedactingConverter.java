package io.botswarm.telegram;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Logback's {@code %redact(...)}: whatever the pattern inside renders (message, exception, MDC),
 * with bot tokens redacted. A safety net under our own care not to log tokens, for the messages of
 * libraries that put request URLs (which carry the token) into exceptions.
 */
public final class RedactingConverter extends CompositeConverter<ILoggingEvent> {

  @Override
  protected String transform(ILoggingEvent event, String in) {
    return Redaction.redact(in);
  }
}
