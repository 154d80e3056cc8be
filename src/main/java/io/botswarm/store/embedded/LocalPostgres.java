package io.botswarm.store.embedded;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the bundled binaries, with its data in a directory of ours so
 * that it survives restarts. We start it with {@code pg_ctl}, not through io.zonky's launcher,
 * because that launcher cannot run as root and cannot build a streaming replica.
 *
 * <p>PostgreSQL refuses to run as root; when we are root the server's processes run as {@code
 * nobody} through {@code setpriv}, and the data directory is handed to that user. A server already
 * running on the data directory (left behind by a killed node, or started by another node of a
 * local cluster) is reused and left running on {@link #close()}; one we started is stopped.
 */
public final class LocalPostgres implements AutoCloseable {

  /** The superuser initdb creates; local connections are trusted, so any password works. */
  public static final String USER = "botswarm";

  public static final String DATABASE = "botswarm";

  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
  private static final int NOBODY = 65534;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  private final Path home;
  private final Path dataDir;
  private final Path logFile;
  private final int port;
  private final boolean owned;

  /** For a streaming replica, the port of its primary; 0 for a primary. */
  private final int primaryPort;

  private LocalPostgres(
      Path home, Path dataDir, Path logFile, int port, boolean owned, int primaryPort) {
    this.home = home;
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.port = port;
    this.owned = owned;
    this.primaryPort = primaryPort;
  }

  /**
   * Starts (or reuses) the server whose data lives in {@code baseDir/name}, listening on
   * 127.0.0.1:{@code port}, and makes sure the {@value #DATABASE} database exists.
   *
   * @param durable off trades crash safety for speed (tests, benchmarks of the swarm's own code)
   * @throws EmbeddedPostgresException with the server's own words when it cannot start
   */
  public static LocalPostgres start(Path baseDir, String name, int port, boolean durable) {
    Path base = baseDir.toAbsolutePath().normalize();
    Path dataDir = base.resolve(name);
    Path logFile = base.resolve(name + ".log");
    try {
      Files.createDirectories(base);
      if (isRoot()) handToNobody(base);
      Path home = PostgresBinaries.home();
      var server = new LocalPostgres(home, dataDir, logFile, port, true, 0);
      if (!Files.exists(dataDir.resolve("PG_VERSION"))) server.initdb(durable);
      int running = server.runningPort();
      if (running > 0) {
        log.info("reusing PostgreSQL already running on {} (port {})", dataDir, running);
        server = new LocalPostgres(home, dataDir, logFile, running, false, 0);
      } else {
        server.writeSettings(durable);
        server.pgCtl("start", "-w", "-t", "60", "-l", logFile.toString());
        log.info(
            "started PostgreSQL {} on 127.0.0.1:{} with data in {}",
            PostgresBinaries.version(),
            port,
            dataDir);
      }
      server.ensureDatabase();
      return server;
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot prepare " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts (or reuses) a streaming replica of this server, named {@code name} beside it. The first
   * time, the zonky bundle having no {@code pg_basebackup}, it is seeded by a low-level base
   * backup: a physical replication slot (so the primary keeps the WAL the replica needs), {@code
   * pg_backup_start}, a copy of the data directory, {@code pg_backup_stop} whose label file goes
   * into the copy, then {@code standby.signal} and {@code primary_conninfo}.
   */
  public LocalPostgres startReplica(String name, int replicaPort, boolean durable) {
    if (primaryPort != 0) throw new IllegalStateException("a replica cannot have replicas here");
    Path base = dataDir.getParent();
    var replica =
        new LocalPostgres(
            home, base.resolve(name), base.resolve(name + ".log"), replicaPort, true, port);
    try {
      if (!Files.exists(replica.dataDir.resolve("PG_VERSION"))) seed(replica, "botswarm_" + name);
      int running = replica.runningPort();
      if (running > 0) {
        log.info("reusing the replica already running on {} (port {})", replica.dataDir, running);
        return new LocalPostgres(home, replica.dataDir, replica.logFile, running, false, port);
      }
      replica.writeSettings(durable);
      replica.pgCtl("start", "-w", "-t", "120", "-l", replica.logFile.toString());
      log.info("started a streaming replica of port {} on 127.0.0.1:{}", port, replicaPort);
      return replica;
    } catch (IOException | SQLException e) {
      throw new EmbeddedPostgresException(
          "cannot set up the replica " + name + ": " + e.getMessage(), e);
    }
  }

  private void seed(LocalPostgres replica, String slot) throws IOException, SQLException {
    log.info("seeding the replica {} from a base backup of {}", replica.dataDir, dataDir);
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    try (var conn = DriverManager.getConnection(url, USER, "");
        var st = conn.createStatement()) {
      var exists =
          st.executeQuery("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
      if (!exists.next())
        st.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
      st.execute("SELECT pg_backup_start('botswarm replica', true)");
      copyData(dataDir, replica.dataDir);
      var stop = st.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(true)");
      stop.next();
      Files.writeString(replica.dataDir.resolve("backup_label"), stop.getString(1));
      String spcmap = stop.getString(2);
      if (spcmap != null && !spcmap.isBlank())
        Files.writeString(replica.dataDir.resolve("tablespace_map"), spcmap);
    }
    Files.writeString(replica.dataDir.resolve("standby.signal"), "");
    Files.writeString(replica.dataDir.resolve("botswarm-slot"), slot);
    if (isRoot()) {
      try (var all = Files.walk(replica.dataDir)) {
        for (Path p : (Iterable<Path>) all::iterator) setOwner(p, NOBODY);
      }
    }
    Files.setPosixFilePermissions(
        replica.dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  /** Copies a running server's data directory, leaving out what a base backup must not carry. */
  private static void copyData(Path from, Path to) throws IOException {
    Set<String> skipFiles =
        Set.of(
            "postmaster.pid", "postmaster.opts", "botswarm.conf", "backup_label", "tablespace_map");
    Set<String> emptyDirs =
        Set.of(
            "pg_wal",
            "pg_replslot",
            "pg_stat_tmp",
            "pg_dynshmem",
            "pg_notify",
            "pg_serial",
            "pg_snapshots",
            "pg_subtrans");
    Files.walkFileTree(
        from,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(
              Path dir, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
            // What lies inside these directories is left out, subdirectories too: the server
            // recreates what it needs, and an empty slot directory would even stop it.
            Path parent = from.relativize(dir).getParent();
            if (parent != null && emptyDirs.contains(parent.toString()))
              return java.nio.file.FileVisitResult.SKIP_SUBTREE;
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
            Path relative = from.relativize(file);
            boolean topLevel = relative.getNameCount() == 1;
            if (topLevel && skipFiles.contains(relative.toString()))
              return java.nio.file.FileVisitResult.CONTINUE;
            if (relative.getNameCount() > 1 && emptyDirs.contains(relative.getName(0).toString()))
              return java.nio.file.FileVisitResult.CONTINUE;
            try {
              Files.copy(
                  file,
                  to.resolve(relative.toString()),
                  java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.NoSuchFileException gone) {
              // Temporary files come and go while the server runs: the WAL replays what matters.
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e)
              throws IOException {
            if (e instanceof java.nio.file.NoSuchFileException)
              return java.nio.file.FileVisitResult.CONTINUE;
            throw e;
          }
        });
  }

  /** Stops the server running on {@code baseDir/name}, whoever started it; nothing if none runs. */
  public static void stopIfRunning(Path baseDir, String name) {
    Path base = baseDir.toAbsolutePath().normalize();
    var server =
        new LocalPostgres(
            PostgresBinaries.home(), base.resolve(name), base.resolve(name + ".log"), 0, true, 0);
    try {
      if (server.runningPort() > 0) server.close();
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "cannot stop " + server.dataDir + ": " + e.getMessage(), e);
    }
  }

  public boolean isReplica() {
    return primaryPort != 0;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String jdbcUrl() {
    // Batched inserts become multi-row INSERTs: the journal writes its batches in one statement.
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?reWriteBatchedInserts=true";
  }

  /** Stops the server if this process started it (fast shutdown: sessions end, data is kept). */
  @Override
  public void close() {
    if (!owned) return;
    try {
      pgCtl("stop", "-w", "-t", "60", "-m", "fast");
      log.info("stopped PostgreSQL on port {}", port);
    } catch (EmbeddedPostgresException e) {
      log.warn("PostgreSQL on port {} did not stop cleanly: {}", port, e.getMessage());
    }
  }

  private void initdb(boolean durable) throws IOException {
    log.info("creating a PostgreSQL cluster in {}", dataDir);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                bin("initdb"),
                "-D",
                dataDir.toString(),
                "-U",
                USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C"));
    if (!durable) cmd.add("--no-sync");
    run(cmd);
    Path conf = dataDir.resolve("postgresql.conf");
    Files.writeString(
        conf,
        Files.readString(conf) + "\ninclude_if_exists = 'botswarm.conf'\n",
        StandardCharsets.UTF_8);
  }

  /** Our settings, rewritten at every start so that a changed port or durability takes effect. */
  private void writeSettings(boolean durable) throws IOException {
    Path conf = dataDir.resolve("botswarm.conf");
    String settings =
        String.join(
            "\n",
            "# Written by botswarm at every start; edit the swarm's configuration instead.",
            "listen_addresses = '127.0.0.1'",
            "port = " + port,
            "unix_socket_directories = ''",
            "max_connections = 200",
            "wal_level = replica",
            "max_wal_senders = 10",
            "fsync = " + (durable ? "on" : "off"),
            "hot_standby = on",
            "hot_standby_feedback = on",
            primaryPort == 0
                ? ""
                : "primary_conninfo = 'host=127.0.0.1 port="
                    + primaryPort
                    + " user="
                    + USER
                    + " application_name="
                    + dataDir.getFileName()
                    + "'",
            primaryPort == 0 ? "" : "primary_slot_name = '" + slotOf(dataDir) + "'",
            "synchronous_commit = " + (durable ? "on" : "off"),
            "full_page_writes = " + (durable ? "on" : "off"),
            "");
    Files.writeString(conf, settings, StandardCharsets.UTF_8);
    if (isRoot()) setOwner(conf, NOBODY);
  }

  private static String slotOf(Path replicaDir) {
    try {
      return Files.readString(replicaDir.resolve("botswarm-slot")).strip();
    } catch (IOException e) {
      return "botswarm_" + replicaDir.getFileName();
    }
  }

  /** The port of a server already running on our data directory, or 0 when none is. */
  private int runningPort() throws IOException {
    Path pid = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pid)) return 0;
    ProcessResult status = exec(List.of(bin("pg_ctl"), "status", "-D", dataDir.toString()));
    if (status.exitCode() != 0) return 0;
    List<String> lines = Files.readAllLines(pid);
    // postmaster.pid: pid, data directory, start time, port, ...
    return lines.size() > 3 ? Integer.parseInt(lines.get(3).strip()) : 0;
  }

  private void ensureDatabase() {
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    try (var conn = DriverManager.getConnection(url, USER, "");
        var exists = conn.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      if (!exists.executeQuery().next()) {
        try (var create = conn.createStatement()) {
          create.execute("CREATE DATABASE " + DATABASE);
        }
      }
    } catch (SQLException e) {
      throw new EmbeddedPostgresException(
          "PostgreSQL started on port "
              + port
              + " but does not accept connections: "
              + e.getMessage(),
          e);
    }
  }

  private void pgCtl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(bin("pg_ctl"), args[0], "-D", dataDir.toString()));
    cmd.addAll(List.of(args).subList(1, args.length));
    run(cmd);
  }

  private String bin(String tool) {
    return home.resolve("bin").resolve(tool).toString();
  }

  private void run(List<String> cmd) {
    ProcessResult result = exec(cmd);
    if (result.exitCode() != 0) {
      String tool = Path.of(cmd.get(0)).getFileName().toString();
      throw new EmbeddedPostgresException(
          tool
              + " "
              + cmd.get(1)
              + " failed (exit "
              + result.exitCode()
              + "): "
              + lastLines(result.output() + "\n" + serverLog(), 12));
    }
  }

  private ProcessResult exec(List<String> cmd) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      // PostgreSQL will not run as root: drop to nobody for this command and all it starts.
      full.addAll(
          List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    full.addAll(cmd);
    try {
      Path out = Files.createTempFile("botswarm-pg-", ".out");
      try {
        Process p =
            new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new EmbeddedPostgresException(
              String.join(" ", cmd) + " did not finish in " + COMMAND_TIMEOUT.toSeconds() + " s");
        }
        return new ProcessResult(p.exitValue(), Files.readString(out));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedPostgresException("interrupted while running " + cmd.get(0), e);
    }
  }

  private String serverLog() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String lastLines(String text, int n) {
    List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  static boolean isRoot() {
    return new UnixSystem().getUid() == 0;
  }

  /**
   * Gives {@code base} to {@code nobody}, after checking that {@code nobody} can reach it at all: a
   * data directory under {@code /root} cannot work, and saying so beats initdb's own message.
   */
  private static void handToNobody(Path base) throws IOException {
    for (Path p = base.getParent(); p != null; p = p.getParent()) {
      PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class);
      if (!attrs.permissions().contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new EmbeddedPostgresException(
            "PostgreSQL cannot run as root, so it runs as 'nobody', who cannot enter "
                + p
                + "; choose a data directory it can reach (SWARM_DATA_DIR, e.g. /var/lib/botswarm)");
      }
    }
    setOwner(base, NOBODY);
  }

  private static void setOwner(Path p, int uid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid);
    Files.setAttribute(p, "unix:gid", uid);
  }

  private record ProcessResult(int exitCode, String output) {}

  /** The embedded server could not be set up; the message is meant for the person running us. */
  public static final class EmbeddedPostgresException extends RuntimeException {
    EmbeddedPostgresException(String message) {
      super(message);
    }

    EmbeddedPostgresException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
