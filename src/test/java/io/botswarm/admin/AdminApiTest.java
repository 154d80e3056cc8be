package io.botswarm.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.botswarm.admin.AdminOperations.PlanReport;
import io.botswarm.http.BearerToken;
import io.botswarm.testing.CapturedLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP, in front of operations that record what they were asked. */
class AdminApiTest {

  static final String TOKEN = "adm1n-s3cret-" + Long.toHexString(System.nanoTime());
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("akka.actor.provider = local\nakka.loglevel = DEBUG")
              .withFallback(ConfigFactory.load("application-test.conf")));
  static final RecordingOperations operations = new RecordingOperations();
  static final AdminApi api =
      AdminApi.start(
          testKit.system(),
          operations,
          new AdminSettings(BearerToken.of(TOKEN), "127.0.0.1", 0, Duration.ofSeconds(30)));
  static final String base = "http://127.0.0.1:" + api.port();

  record Answer(int status, String contentType, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  /** Every route, as method and path, with a body where it takes one. */
  static final List<String[]> ROUTES =
      List.of(
          new String[] {"POST", "/admin/plan", "version: 1"},
          new String[] {"POST", "/admin/apply?prune=true", "version: 1"},
          new String[] {"GET", "/admin/export", null},
          new String[] {"POST", "/admin/bots/anna_bot/enable", ""},
          new String[] {"POST", "/admin/bots/anna_bot/disable", ""},
          new String[] {"POST", "/admin/chats/-100123/enable", ""},
          new String[] {"POST", "/admin/chats/-100123/disable", ""},
          new String[] {"GET", "/admin/bots", null},
          new String[] {"GET", "/admin/bots/anna_bot", null},
          new String[] {"GET", "/admin/chats?pending=true", null},
          new String[] {"GET", "/admin/chats/-100123", null},
          new String[] {"GET", "/admin/nothing-here", null});

  @AfterAll
  static void stop() {
    api.close();
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void forget() {
    operations.calls.clear();
    operations.nextReport = RecordingOperations.NO_CHANGES;
  }

  static Answer send(String method, String path, String body, Optional<String> authorization)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    authorization.ifPresent(a -> request.header("Authorization", a));
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body());
  }

  static Answer authorized(String method, String path, String body) throws Exception {
    return send(method, path, body, Optional.of("Bearer " + TOKEN));
  }

  static void assertError(Answer answer, int status, String fragment) throws Exception {
    assertEquals(status, answer.status(), answer.body());
    assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
    String error = answer.json().path("error").asText();
    assertTrue(error.contains(fragment), error);
    assertFalse(answer.body().contains("\n"), answer.body());
  }

  @Test
  void aRequestWithoutTheTokenIsRefusedAndNothingIsCalled() throws Exception {
    for (String[] route : ROUTES)
      assertError(send(route[0], route[1], route[2], Optional.empty()), 401, "SWARM_ADMIN_TOKEN");
    assertEquals(List.of(), operations.calls);
  }

  @Test
  void aWrongTokenIsRefusedAndNothingIsCalled() throws Exception {
    List<String> wrong =
        List.of(
            "Bearer " + TOKEN + "x",
            "Bearer " + TOKEN.substring(1),
            "Bearer " + TOKEN.substring(0, TOKEN.length() - 1),
            "Bearer ",
            "Basic " + TOKEN,
            TOKEN);
    for (String authorization : wrong)
      for (String[] route : ROUTES)
        assertError(
            send(route[0], route[1], route[2], Optional.of(authorization)),
            401,
            "SWARM_ADMIN_TOKEN");
    assertEquals(List.of(), operations.calls);
  }

  @Test
  void planAndApplyPassTheDefinitionAndAnswerTheReport() throws Exception {
    operations.nextReport =
        new PlanReport(
            List.of(),
            List.of(),
            List.of("+ bot anna_bot", "~ bot boris_bot persona.bio"),
            4,
            false,
            List.of());
    Answer plan = authorized("POST", "/admin/plan?file=my%20swarm.yaml", "version: 1\nbots: []\n");
    assertEquals(200, plan.status(), plan.body());
    assertEquals("+ bot anna_bot", plan.json().at("/changes/0").asText());
    assertEquals(4, plan.json().path("unchanged").asInt());
    assertFalse(plan.json().path("applied").asBoolean());

    Answer apply = authorized("POST", "/admin/apply?prune=true", "version: 1\n");
    assertEquals(200, apply.status(), apply.body());
    assertTrue(apply.json().path("applied").asBoolean());
    assertEquals(
        List.of(
            "plan my swarm.yaml apply=false prune=false", "plan swarm.yaml apply=true prune=true"),
        operations.calls);
    assertEquals(
        List.of("version: 1\nbots: []\n", "version: 1\n"),
        operations.definitions.subList(
            operations.definitions.size() - 2, operations.definitions.size()));
  }

  @Test
  void aDefinitionWithProblemsIsA400AndAPartialApplyA503BothWithTheReport() throws Exception {
    operations.nextReport =
        new PlanReport(
            List.of("swarm.yaml:3:7 bots[0].id: 'Anna' is not a bot id"),
            List.of(),
            List.of(),
            0,
            false,
            List.of());
    Answer bad = authorized("POST", "/admin/apply", "version: 1\n");
    assertEquals(400, bad.status());
    assertEquals(
        "swarm.yaml:3:7 bots[0].id: 'Anna' is not a bot id", bad.json().at("/problems/0").asText());

    operations.nextReport =
        new PlanReport(
            List.of(),
            List.of(),
            List.of("+ bot anna_bot"),
            0,
            true,
            List.of("bot anna_bot: no answer in 5 s"));
    Answer partial = authorized("POST", "/admin/apply", "version: 1\n");
    assertEquals(503, partial.status());
    assertEquals("bot anna_bot: no answer in 5 s", partial.json().at("/failed/0").asText());
  }

  @Test
  void exportIsTheDefinitionAsYaml() throws Exception {
    operations.exported = "version: 1\nbots:\n  - id: anna_bot\n";
    Answer export = authorized("GET", "/admin/export", null);
    assertEquals(200, export.status());
    assertTrue(export.contentType().startsWith("text/yaml"), export.contentType());
    assertEquals(operations.exported, export.body());
  }

  @Test
  void botsAndChatsAreListedShownEnabledAndDisabled() throws Exception {
    Answer bots = authorized("GET", "/admin/bots", null);
    assertEquals(200, bots.status());
    assertEquals("anna_bot", bots.json().at("/bots/0/id").asText());
    assertEquals("-100123", bots.json().at("/bots/0/columns/chats/0").asText());
    Answer pending = authorized("GET", "/admin/chats?pending=true", null);
    assertEquals("Found Group", pending.json().at("/chats/0/name").asText());
    assertEquals("pending", pending.json().at("/chats/0/status").asText());
    assertEquals(
        "Anna",
        authorized("GET", "/admin/bots/anna_bot", null).json().at("/persona/name").asText());
    assertEquals(200, authorized("GET", "/admin/chats/-100123", null).status());
    Answer disabled = authorized("POST", "/admin/bots/anna_bot/disable", null);
    assertEquals(200, disabled.status());
    assertEquals("~ bot anna_bot enabled", disabled.json().at("/changes/0").asText());
    assertEquals(200, authorized("POST", "/admin/chats/-100123/enable", null).status());
    assertEquals(
        List.of(
            "list BOT pending=false",
            "list CHAT pending=true",
            "show BOT anna_bot",
            "show CHAT -100123",
            "disable BOT anna_bot",
            "enable CHAT -100123"),
        operations.calls);
  }

  @Test
  void badInputUnknownIdsAndAnUnavailableSwarmGetOneLineErrors() throws Exception {
    assertError(authorized("GET", "/admin/bots/ghost_bot", null), 404, "unknown bot ghost_bot");
    assertError(
        authorized("POST", "/admin/bots/ghost_bot/enable", null), 404, "unknown bot ghost_bot");
    assertError(authorized("POST", "/admin/chats/-404/disable", null), 404, "unknown chat -404");
    assertError(
        authorized("POST", "/admin/bots/down_bot/enable", null), 503, "database cannot answer");
    assertError(
        authorized("POST", "/admin/bots/slow_bot/enable", null), 503, "did not answer in time");
    assertError(authorized("GET", "/admin/chats/general", null), 400, "a chat id is a number");
    assertError(authorized("GET", "/admin/bots/%3Cscript%3E", null), 400, "not a bot id");
    assertError(
        authorized("POST", "/admin/apply?prune=maybe", "version: 1"),
        400,
        "prune is true or false");
    assertError(authorized("POST", "/admin/apply", "  \n"), 400, "it was empty");
    assertError(
        authorized("GET", "/admin/chats?pending=yes", null), 400, "pending is true or false");
    assertError(
        authorized("GET", "/admin/bots?pending=true", null), 400, "only chats can be pending");
    assertError(authorized("GET", "/admin/nothing-here", null), 404, "POST /admin/plan");
    assertError(authorized("GET", "/admin/apply", null), 404, "no such resource");
  }

  @Test
  void theSchemeNameIsCaseInsensitive() throws Exception {
    assertEquals(200, send("GET", "/admin/bots", null, Optional.of("bearer " + TOKEN)).status());
  }

  @Test
  void theTokenNeverReachesTheLog() throws Exception {
    int mark = CapturedLog.mark();
    authorized("POST", "/admin/apply", "version: 1\n");
    authorized("POST", "/admin/bots/down_bot/enable", null);
    // Malformed: akka-http cannot parse these as bearer credentials.
    send("GET", "/admin/bots", null, Optional.of("Bearer " + TOKEN + " !!"));
    send("GET", "/admin/bots", null, Optional.of("Bearer {" + TOKEN + "}"));
    send("GET", "/admin/bots", null, Optional.of("Basic " + TOKEN));
    send("GET", "/admin/bots", null, Optional.of("Bearer " + TOKEN + "x"));
    String log = CapturedLog.since(mark);
    // The API's own lines are captured: the check below looks where they would be.
    assertTrue(log.contains("admin API: apply of swarm.yaml"), log);
    assertTrue(log.contains("admin API: enable bot down_bot"), log);
    assertFalse(log.contains(TOKEN), log);
  }

  @Test
  void refusesToStartOnAnExposedAddressWithoutAToken() {
    var exposed = new AdminSettings(Optional.empty(), "0.0.0.0", 0, Duration.ofSeconds(30));
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> AdminApi.start(testKit.system(), operations, exposed));
    assertTrue(e.getMessage().contains("set SWARM_ADMIN_TOKEN"), e.getMessage());

    var local = new AdminSettings(Optional.empty(), "127.0.0.1", 0, Duration.ofSeconds(30));
    assertFalse(local.enabled());
    var off =
        assertThrows(
            IllegalStateException.class, () -> AdminApi.start(testKit.system(), operations, local));
    assertTrue(off.getMessage().contains("SWARM_ADMIN_TOKEN"), off.getMessage());
  }

  @Test
  void theNodeConfigurationIsCheckedBeforeAnythingStarts() {
    var base = ConfigFactory.load("application-test.conf");
    assertFalse(AdminSettings.fromConfig(base).enabled());
    assertEquals(8190, AdminSettings.fromConfig(base).port());
    assertEquals("127.0.0.1", AdminSettings.fromConfig(base).host());

    var exposed =
        ConfigFactory.parseMap(Map.of("botswarm.admin.host", "0.0.0.0")).withFallback(base);
    var e = assertThrows(ConfigException.class, () -> AdminSettings.fromConfig(exposed));
    assertTrue(e.getMessage().contains("SWARM_ADMIN_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    var guarded =
        ConfigFactory.parseMap(Map.of("botswarm.admin.token", " " + TOKEN + "\n"))
            .withFallback(exposed);
    var settings = AdminSettings.fromConfig(guarded);
    assertTrue(settings.enabled());
    assertTrue(settings.token().orElseThrow().admits(Optional.of("Bearer " + TOKEN)));
    // Settings may be logged whole: the token is not in them.
    assertFalse(settings.toString().contains(TOKEN), settings.toString());
  }
}
