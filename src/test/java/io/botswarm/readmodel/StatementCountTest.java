package io.botswarm.readmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.botswarm.bot.Bot;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.chat.ChatCoordinator;
import io.botswarm.chat.ChatSettings;
import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.testing.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * No N+1 on the read side: every event is projected with one statement however many members,
 * memories or rows it touches, and every read-model query is one statement.
 */
class StatementCountTest {

  @Test
  void oneStatementPerEventAndPerQueryWhateverTheirSize() throws Exception {
    String url = TestDatabase.createDatabase("statement_count");
    try (Connection real = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
      AtomicInteger executed = new AtomicInteger();
      Connection c = counting(real, executed);
      Instant now = Instant.now();
      var blueprint = new PersonaGenerator(1).blueprint(0);

      assertOne(
          executed,
          () ->
              BotProjectionHandler.apply(c, new Bot.BotRegistered("b0", blueprint.persona(), now)));
      for (long id = 1; id <= 100; id++) {
        long memory = id;
        assertOne(
            executed,
            () ->
                BotProjectionHandler.apply(
                    c,
                    new Bot.MemoryRecorded(
                        "b0",
                        memory,
                        io.botswarm.bot.MemoryType.FACT,
                        "fact " + memory,
                        0.5,
                        now)));
      }
      assertOne(
          executed,
          () ->
              BotProjectionHandler.apply(
                  c,
                  new Bot.MemoriesAccessed(
                      "b0", LongStream.rangeClosed(1, 100).boxed().toList(), now)));

      List<ChatSettings.Member> members = new ArrayList<>();
      for (int i = 0; i < 50; i++)
        members.add(new ChatSettings.Member("b" + i, "b" + i, "Bot " + i, List.of("gold")));
      var settings =
          new ChatSettings("Big", true, members, 0.5, Optional.empty(), Optional.empty());
      assertOne(
          executed,
          () ->
              ChatProjectionHandler.apply(
                  c, new ChatCoordinator.ChatConfigured("c0", settings, now)));
      assertOne(
          executed,
          () ->
              ChatProjectionHandler.apply(
                  c, new ChatCoordinator.MessageReceived("c0", 1, "Sam", "", "hi", null, now)));

      for (var q : ReadModelQueries.ALL)
        assertOne(
            executed,
            () ->
                ReadModelQueries.run(
                    c,
                    q,
                    Map.of(
                        ReadModelQueries.Parameter.BOT, "b0",
                        ReadModelQueries.Parameter.CHAT, "c0")));
    }
  }

  interface Sql {
    void run() throws Exception;
  }

  private static void assertOne(AtomicInteger executed, Sql step) throws Exception {
    int before = executed.get();
    step.run();
    assertEquals(1, executed.get() - before, "statements executed by one step");
  }

  /** The connection, counting every statement it executes. */
  private static Connection counting(Connection real, AtomicInteger executed) {
    InvocationHandler connection =
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (result instanceof Statement st) return countingStatement(st, executed);
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, connection);
  }

  private static Statement countingStatement(Statement real, AtomicInteger executed) {
    List<Class<?>> interfaces = new ArrayList<>(List.of(Statement.class));
    if (real instanceof java.sql.PreparedStatement)
      interfaces.add(java.sql.PreparedStatement.class);
    return (Statement)
        Proxy.newProxyInstance(
            Statement.class.getClassLoader(),
            interfaces.toArray(Class<?>[]::new),
            (proxy, method, args) -> {
              if (method.getName().startsWith("execute")) executed.incrementAndGet();
              return invoke(real, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
