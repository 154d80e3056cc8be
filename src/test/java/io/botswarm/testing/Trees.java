package io.botswarm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directories the suite made and removes again (a browser's profile, a test database). */
public final class Trees {

  private Trees() {}

  /** Deletes {@code root} and everything under it; says so on stderr when it cannot. */
  public static void deleteTree(Path root) {
    // A process may still be writing as it dies; a second pass picks up what the first missed.
    for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // Retried below.
      }
    }
    if (Files.exists(root)) System.err.println("could not delete " + root);
  }
}
