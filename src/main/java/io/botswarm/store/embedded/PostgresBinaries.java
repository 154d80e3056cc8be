package io.botswarm.store.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries that io.zonky.test ships inside a Maven artifact ({@code initdb},
 * {@code pg_ctl}, {@code postgres} and their libraries), unpacked once per version into the temp
 * directory, which every user can reach: when we run as root the server runs as {@code nobody}.
 */
public final class PostgresBinaries {

  private PostgresBinaries() {}

  /** The PostgreSQL version of the bundled binaries, as the build recorded it. */
  public static String version() {
    try (InputStream in =
        PostgresBinaries.class.getResourceAsStream("/botswarm-build.properties")) {
      var props = new Properties();
      props.load(in);
      return props.getProperty("postgres.version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("botswarm-build.properties is missing from the build", e);
    }
  }

  /** The directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacked if needed. */
  public static Path home() {
    Path home = Path.of(System.getProperty("java.io.tmpdir"), "botswarm-postgres-" + version());
    if (Files.isExecutable(home.resolve("bin/postgres"))) return home;
    try {
      Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".part-");
      try (InputStream txz = resolve();
          var tar =
              new TarArchiveInputStream(
                  new XZCompressorInputStream(new BufferedInputStream(txz)))) {
        unpack(tar, staging);
      }
      readableByEveryone(staging);
      try {
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        // Another process unpacked the same version first: use theirs.
        deleteTree(staging);
      } catch (IOException e) {
        if (!Files.isExecutable(home.resolve("bin/postgres"))) throw e;
        deleteTree(staging);
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the PostgreSQL binaries into " + home, e);
    }
  }

  private static InputStream resolve() throws IOException {
    String os = System.getProperty("os.name").startsWith("Mac") ? "Darwin" : "Linux";
    InputStream in =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, System.getProperty("os.arch"));
    if (in == null) throw new IOException("no embedded PostgreSQL binaries for " + os);
    return in;
  }

  private static void unpack(TarArchiveInputStream tar, Path into) throws IOException {
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      Path target = into.resolve(entry.getName()).normalize();
      if (!target.startsWith(into))
        throw new IOException("archive entry escapes: " + entry.getName());
      if (entry.isDirectory()) {
        Files.createDirectories(target);
      } else if (entry.isSymbolicLink()) {
        Files.createDirectories(target.getParent());
        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
      } else if (entry.isLink()) {
        Files.createDirectories(target.getParent());
        Files.createLink(target, into.resolve(entry.getLinkName()).normalize());
      } else {
        Files.createDirectories(target.getParent());
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        if ((entry.getMode() & 0100) != 0) {
          Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target);
          perms.addAll(
              EnumSet.of(
                  PosixFilePermission.OWNER_EXECUTE,
                  PosixFilePermission.GROUP_EXECUTE,
                  PosixFilePermission.OTHERS_EXECUTE));
          Files.setPosixFilePermissions(target, perms);
        }
      }
    }
  }

  private static void readableByEveryone(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isSymbolicLink(p)) continue;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        perms.add(PosixFilePermission.OTHERS_READ);
        perms.add(PosixFilePermission.GROUP_READ);
        if (Files.isDirectory(p)) {
          perms.add(PosixFilePermission.OTHERS_EXECUTE);
          perms.add(PosixFilePermission.GROUP_EXECUTE);
        }
        Files.setPosixFilePermissions(p, perms);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
