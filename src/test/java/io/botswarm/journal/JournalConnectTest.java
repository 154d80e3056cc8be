package io.botswarm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The journal tools' connection on a busy machine (ClusterScriptIT's red soak run: "cannot read the
 * journal …: The connection attempt failed."): an attempt cut off on the way is made again, while a
 * database that is down is said at once.
 */
class JournalConnectTest {

  /**
   * A stand-in in front of the suite's PostgreSQL that cuts off the first {@code cut} connections
   * as a server too busy to start their backends would, and passes the others through.
   */
  static final class CuttingProxy implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final AtomicInteger attempts = new AtomicInteger();

    CuttingProxy(int cut, int target) throws IOException {
      Thread accepting =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket client = socket.accept();
                    if (attempts.incrementAndGet() <= cut) client.close();
                    else pipe(client, new Socket(InetAddress.getLoopbackAddress(), target));
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "cutting-proxy");
      accepting.setDaemon(true);
      accepting.start();
    }

    static void pipe(Socket a, Socket b) throws IOException {
      copy(a.getInputStream(), b.getOutputStream());
      copy(b.getInputStream(), a.getOutputStream());
    }

    static void copy(InputStream in, OutputStream out) {
      Thread t =
          new Thread(
              () -> {
                try (in;
                    out) {
                  in.transferTo(out);
                } catch (IOException gone) {
                  // One side closed: the other follows.
                }
              },
              "cutting-proxy-pipe");
      t.setDaemon(true);
      t.start();
    }

    String url() {
      return TestDatabase.url().replaceFirst(":\\d+/", ":" + socket.getLocalPort() + "/");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void anAttemptCutOffOnTheWayIsMadeAgain() throws Exception {
    try (var proxy = new CuttingProxy(2, TestDatabase.server().port());
        var conn = JournalSource.connect(proxy.url(), LocalPostgres.USER, "");
        var st = conn.createStatement();
        var rs = st.executeQuery("SELECT 1")) {
      assertTrue(rs.next());
      assertEquals(3, proxy.attempts.get(), "two cut off, the third through");
    }
  }

  @Test
  void aDatabaseThatIsDownIsARefusalNotTriedAgain() {
    int nobody = TestDatabase.freePort();
    var refused =
        assertThrows(
            SQLException.class,
            () ->
                JournalSource.connect(
                    TestDatabase.url().replaceFirst(":\\d+/", ":" + nobody + "/"),
                    LocalPostgres.USER,
                    ""));
    // A refusal is not retried: only an attempt cut off on the way is.
    assertTrue(refused.getCause() instanceof ConnectException, refused.toString());
  }
}
