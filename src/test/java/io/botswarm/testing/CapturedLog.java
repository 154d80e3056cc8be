package io.botswarm.testing;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A logback appender that keeps the suite's formatted log output (with the production pattern's
 * redaction) in memory, so that tests can assert on what would have been written.
 */
public final class CapturedLog<E> extends OutputStreamAppender<E> {

  private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();

  @Override
  public void start() {
    setOutputStream(OUT);
    super.start();
  }

  /** Everything logged since the suite started. */
  public static String text() {
    synchronized (OUT) {
      return OUT.toString(StandardCharsets.UTF_8);
    }
  }

  /** Where the log is now, for {@link #since(int)}. */
  public static int mark() {
    return text().length();
  }

  public static String since(int mark) {
    return text().substring(mark);
  }
}
