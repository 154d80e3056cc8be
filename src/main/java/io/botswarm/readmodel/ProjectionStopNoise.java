package io.botswarm.readmodel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * akka-projection-jdbc 1.2.5 (the last Apache-2.0 release) prints "# stop ..." to standard output
 * whenever a projection stops, a leftover debug line. This drops exactly those lines from {@code
 * System.out} and lets everything else through, so that the demo's console stays the swarm's.
 */
final class ProjectionStopNoise extends OutputStream {

  private static final String NOISE = "# stop akka.projection.jdbc.internal.";
  private static boolean installed;

  private final PrintStream target;
  private final StringBuilder line = new StringBuilder();

  private ProjectionStopNoise(PrintStream target) {
    this.target = target;
  }

  static synchronized void filterSystemOut() {
    if (installed) return;
    System.setOut(
        new PrintStream(new ProjectionStopNoise(System.out), true, StandardCharsets.UTF_8));
    installed = true;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      flushLine(true);
    } else {
      line.append((char) b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    String text = new String(b, off, len, StandardCharsets.UTF_8);
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line.append(text, start, i);
        flushLine(true);
        start = i + 1;
      }
    }
    line.append(text, start, text.length());
  }

  @Override
  public synchronized void flush() {
    // A partial line waits for its end: only whole lines can be told apart from the noise.
    target.flush();
  }

  private void flushLine(boolean newline) {
    String text = line.toString();
    line.setLength(0);
    if (text.startsWith(NOISE)) return;
    target.print(text);
    if (newline) target.println();
    target.flush();
  }
}
