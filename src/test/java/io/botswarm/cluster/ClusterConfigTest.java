package io.botswarm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.botswarm.admin.AdminSettings;
import io.botswarm.api.ApiSettings;
import io.botswarm.bot.BotSettings;
import io.botswarm.store.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every overlay in cluster-config/ parses on top of the product's configuration and says what it
 * must.
 */
class ClusterConfigTest {

  static Config load(String overlay) {
    return load(overlay, Map.of());
  }

  /**
   * @param environment stands in for the process environment: the overlay's {@code ${VAR}}
   *     substitutions find these first
   */
  static Config load(String overlay, Map<String, ?> environment) {
    Config config =
        NodeConfig.load(Optional.of(Path.of("cluster-config", overlay)), environment).resolve();
    // The settings a node checks at start must still hold.
    DatabaseSettings.fromConfig(config);
    BotSettings.fromConfig(config.getConfig("botswarm.bot"));
    ApiSettings.fromConfig(config);
    AdminSettings.fromConfig(config);
    return config;
  }

  @Test
  void localNodesShareTheirSeedsAndUseDistinctPorts() {
    List<String> seeds =
        List.of(
            "akka://botswarm@127.0.0.1:2551",
            "akka://botswarm@127.0.0.1:2552",
            "akka://botswarm@127.0.0.1:2553");
    for (int n = 1; n <= 3; n++) {
      Config config = load("local/node-" + n + ".conf");
      assertEquals(2550 + n, config.getInt("akka.remote.artery.canonical.port"));
      assertEquals("127.0.0.1", config.getString("akka.remote.artery.canonical.hostname"));
      assertEquals(seeds, config.getStringList("akka.cluster.seed-nodes"));
    }
  }

  @Test
  void dockerNodesBindEverywhereAndSeedFromTheFirstTwoContainers() {
    Config config = load("docker/node.conf");
    assertEquals("0.0.0.0", config.getString("akka.remote.artery.bind.hostname"));
    assertEquals(
        List.of("akka://botswarm@node-1:2551", "akka://botswarm@node-2:2551"),
        config.getStringList("akka.cluster.seed-nodes"));
  }

  @Test
  void theProductDefaultsFormAOneNodeClusterWithTheSplitBrainResolverOn() {
    Config config = NodeConfig.load(Optional.empty(), Map.of()).resolve();
    assertEquals(List.of(), config.getStringList("akka.cluster.seed-nodes"));
    assertEquals(
        "akka.cluster.sbr.SplitBrainResolverProvider",
        config.getString("akka.cluster.downing-provider-class"));
    assertEquals("default", config.getString("jdbc-journal.use-shared-db"));
    assertEquals("default", config.getString("jdbc-snapshot-store.use-shared-db"));
    assertEquals("default", config.getString("jdbc-read-journal.use-shared-db"));
  }

  @Test
  void theComposeFileRunsAPrimaryAReplicaThreeNodesPrometheusAndGrafana() throws Exception {
    var compose =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(java.nio.file.Files.readString(Path.of("docker/docker-compose.yml")));
    var services = new java.util.TreeSet<String>();
    compose.get("services").fieldNames().forEachRemaining(services::add);
    assertEquals(
        new java.util.TreeSet<>(
            List.of(
                "grafana",
                "node-1",
                "node-2",
                "node-3",
                "postgres-primary",
                "postgres-replica",
                "prometheus")),
        services);
    for (String node : List.of("node-1", "node-2", "node-3"))
      assertEquals(
          node, compose.get("services").get(node).get("environment").get("SWARM_HOST").asText());
    assertEquals(
        "/replica-entrypoint.sh",
        compose.get("services").get("postgres-replica").get("entrypoint").get(0).asText());
  }

  @Test
  void composeNodesTakeTheirTokensFromTheEnvironmentAndPublishAdminOnLoopbackOnly()
      throws Exception {
    var compose = YAML.readTree(Files.readString(Path.of("docker/docker-compose.yml")));
    // Every node's environment merges the shared one (<<: *node-env; Jackson keeps the alias).
    Map<String, String> env = strings(compose.at("/x-node/environment"));
    for (String node : List.of("node-1", "node-2", "node-3")) {
      JsonNode own = compose.at("/services/" + node + "/environment");
      assertEquals("node-env", own.path("<<").asText(), node);
      for (String token : List.of("SWARM_API_TOKEN", "SWARM_ADMIN_TOKEN"))
        assertFalse(own.has(token), node + " sets its own " + token);
    }
    for (String token : List.of("SWARM_API_TOKEN", "SWARM_ADMIN_TOKEN"))
      // ${VAR:?why}: compose refuses to start without it, and no token sits in the file.
      assertTrue(env.get(token).matches("\\$\\{" + token + ":\\?[^}]+}"), token);
    for (JsonNode port : compose.at("/services/node-1/ports"))
      if (port.asText().endsWith(":8190"))
        assertEquals("127.0.0.1:8190:8190", port.asText(), "the admin API's port");

    // As a container's node sees it: both APIs on every interface, so each needs its token.
    Map<String, Object> container = new HashMap<>();
    for (String key : List.of("SWARM_API_HOST", "SWARM_ADMIN_HOST"))
      container.put(key, env.get(key));
    for (String token : List.of("SWARM_API_TOKEN", "SWARM_ADMIN_TOKEN")) {
      Map<String, Object> without = new HashMap<>(container);
      without.put(token.equals("SWARM_API_TOKEN") ? "SWARM_ADMIN_TOKEN" : "SWARM_API_TOKEN", "x");
      var e = assertThrows(ConfigException.class, () -> load("docker/node.conf", without));
      assertTrue(e.getMessage().contains("set " + token), e.getMessage());
    }
    container.put("SWARM_API_TOKEN", "read-token");
    container.put("SWARM_ADMIN_TOKEN", "admin-token");
    Config config = load("docker/node.conf", container);
    assertEquals("0.0.0.0", config.getString("botswarm.admin.host"));
    assertTrue(AdminSettings.fromConfig(config).enabled());
  }

  // Kubernetes: cluster-config/kubernetes holds the node's overlay and the manifests that run it.

  static final Path KUBERNETES = Path.of("cluster-config", "kubernetes");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String POD_IP = "10.1.2.3";

  /** What the Secret botswarm-db holds, as a cluster operator would make it. */
  /** What the Secret botswarm-tokens holds. */
  static final Map<String, String> TOKENS_SECRET =
      Map.of("api", "read-token-from-the-secret", "admin", "admin-token-from-the-secret");

  static final Map<String, String> DB_SECRET =
      Map.of(
          "url", "jdbc:postgresql://postgres:5432/botswarm?reWriteBatchedInserts=true",
          "read-url", "jdbc:postgresql://postgres-replica:5432/botswarm",
          "user", "botswarm",
          "password", "not-in-any-manifest");

  static Set<String> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.list(KUBERNETES)) {
      return new TreeSet<>(
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml"))
              .filter(f -> !f.equals("kustomization.yaml"))
              .toList());
    }
  }

  /** Every document of every manifest file (files may hold several, separated by ---). */
  static List<JsonNode> manifests() throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    for (String file : manifestFiles()) {
      try (var docs =
          YAML.readerFor(JsonNode.class).<JsonNode>readValues(KUBERNETES.resolve(file).toFile())) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc != null && !doc.isEmpty()) documents.add(doc);
        }
      }
    }
    return documents;
  }

  static JsonNode theOne(String kind) throws IOException {
    List<JsonNode> found =
        manifests().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertEquals(1, found.size(), "one " + kind + " in " + KUBERNETES);
    return found.get(0);
  }

  static JsonNode named(String kind, String name) throws IOException {
    return manifests().stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .filter(d -> name.equals(d.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + kind + " named " + name + " in " + KUBERNETES));
  }

  static JsonNode nodeContainer(JsonNode deployment) {
    for (JsonNode c : deployment.at("/spec/template/spec/containers"))
      if (c.path("name").asText().equals("botswarm")) return c;
    throw new AssertionError("no container named botswarm in the Deployment");
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new HashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  static int containerPort(JsonNode container, String name) {
    for (JsonNode p : container.path("ports"))
      if (p.path("name").asText().equals(name)) return p.path("containerPort").asInt();
    throw new AssertionError("no container port named " + name);
  }

  /**
   * The node container's environment as a cluster fills it in: literal values as written, the pod's
   * IP for status.podIP, the Secret's values for its keys.
   */
  static Map<String, String> podEnvironment(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      if (variable.has("value")) env.put(name, variable.path("value").asText());
      else if (variable.at("/valueFrom/fieldRef/fieldPath").asText().equals("status.podIP"))
        env.put(name, POD_IP);
      else if (variable.at("/valueFrom/secretKeyRef/name").asText().equals("botswarm-db"))
        env.put(name, DB_SECRET.get(variable.at("/valueFrom/secretKeyRef/key").asText()));
      else if (variable.at("/valueFrom/secretKeyRef/name").asText().equals("botswarm-tokens"))
        env.put(name, TOKENS_SECRET.get(variable.at("/valueFrom/secretKeyRef/key").asText()));
      else throw new AssertionError("no value for " + name + " in this test");
    }
    return env;
  }

  static Config kubernetesNode() throws IOException {
    return load("kubernetes/node.conf", podEnvironment(nodeContainer(theOne("Deployment"))));
  }

  @Test
  void kubernetesNodesBootstrapThroughTheKubernetesApiInsteadOfSeeds() throws Exception {
    Config config = kubernetesNode();
    assertTrue(config.getBoolean("botswarm.management.enabled"));
    assertTrue(config.getBoolean("botswarm.management.bootstrap"));
    assertEquals(List.of(), config.getStringList("akka.cluster.seed-nodes"));
    assertEquals("kubernetes-api", config.getString("akka.discovery.method"));
    var discovery = config.getConfig("akka.management.cluster.bootstrap.contact-point-discovery");
    assertEquals("kubernetes-api", discovery.getString("discovery-method"));

    assertEquals(POD_IP, config.getString("akka.remote.artery.canonical.hostname"));
    assertEquals("0.0.0.0", config.getString("akka.remote.artery.bind.hostname"));
    assertEquals(POD_IP, config.getString("akka.management.http.hostname"));
    assertEquals("0.0.0.0", config.getString("akka.management.http.bind-hostname"));
    assertEquals(DB_SECRET.get("url"), config.getString("botswarm.db.url"));
    assertEquals(DB_SECRET.get("read-url"), config.getString("botswarm.db.read-url"));
    assertEquals("0.0.0.0", config.getString("botswarm.metrics.host"));

    // More than one, so that no pod ever forms a cluster of its own; no more than the replicas,
    // or the first cluster never forms.
    int replicas = theOne("Deployment").at("/spec/replicas").asInt();
    int required = discovery.getInt("required-contact-point-nr");
    assertTrue(required >= 2 && required <= replicas, required + " of " + replicas + " replicas");
    // The split brain resolver keeps the majority: two nodes cannot lose one.
    assertTrue(replicas >= 3, "replicas: " + replicas);
  }

  @Test
  void aPodWithoutItsAddressOrItsDatabaseDoesNotStart() throws Exception {
    assumeTrue(System.getenv("POD_IP") == null && System.getenv("SWARM_DB_URL") == null);
    Map<String, String> env = podEnvironment(nodeContainer(theOne("Deployment")));
    for (String required : List.of("POD_IP", "SWARM_DB_URL")) {
      Map<String, String> without = new HashMap<>(env);
      without.remove(required);
      var e =
          assertThrows(
              ConfigException.UnresolvedSubstitution.class,
              () -> load("kubernetes/node.conf", without));
      assertTrue(e.getMessage().contains(required), e.getMessage());
    }
  }

  @Test
  void theReadApiOnThePodsAddressIsGuardedByTheSecretsToken() throws Exception {
    Config config = kubernetesNode();
    assertEquals("0.0.0.0", config.getString("botswarm.api.host"));
    ApiSettings api = ApiSettings.fromConfig(config);
    assertTrue(api.token().orElseThrow().admits(Optional.of("Bearer " + TOKENS_SECRET.get("api"))));
    // The admin API stays on the pod's loopback (kubectl port-forward reaches it).
    AdminSettings admin = AdminSettings.fromConfig(config);
    assertEquals("127.0.0.1", admin.host());
    assertTrue(
        admin.token().orElseThrow().admits(Optional.of("Bearer " + TOKENS_SECRET.get("admin"))));

    assumeTrue(System.getenv("SWARM_API_TOKEN") == null);
    Map<String, String> without =
        new HashMap<>(podEnvironment(nodeContainer(theOne("Deployment"))));
    without.remove("SWARM_API_TOKEN");
    var e = assertThrows(ConfigException.class, () -> load("kubernetes/node.conf", without));
    assertTrue(e.getMessage().contains("set SWARM_API_TOKEN"), e.getMessage());
  }

  @Test
  void bootstrapFindsExactlyTheDeploymentsPodsAtTheirManagementPort() throws Exception {
    Config config = kubernetesNode();
    JsonNode deployment = theOne("Deployment");
    Map<String, String> podLabels = strings(deployment.at("/spec/template/metadata/labels"));
    String selector =
        config
            .getString("akka.discovery.kubernetes-api.pod-label-selector")
            .replace(
                "%s",
                config.getString(
                    "akka.management.cluster.bootstrap.contact-point-discovery.service-name"));
    assertFalse(selector.isBlank());
    for (String term : selector.split(",")) {
      String[] kv = term.split("=", 2);
      assertEquals(kv[1].trim(), podLabels.get(kv[0].trim()), "pod label of " + term);
    }
    strings(deployment.at("/spec/selector/matchLabels"))
        .forEach((k, v) -> assertEquals(v, podLabels.get(k), "Deployment selector " + k));

    JsonNode container = nodeContainer(deployment);
    assertEquals(
        config.getString("akka.discovery.kubernetes-api.container-name"),
        container.path("name").asText());
    String portName =
        config.getString("akka.management.cluster.bootstrap.contact-point-discovery.port-name");
    assertEquals(config.getInt("akka.management.http.port"), containerPort(container, portName));
    assertEquals(
        config.getInt("akka.management.http.bind-port"), containerPort(container, portName));
    assertEquals(
        config.getInt("akka.remote.artery.canonical.port"), containerPort(container, "remoting"));
    assertEquals(
        config.getInt("akka.remote.artery.bind.port"), containerPort(container, "remoting"));
  }

  @Test
  void podsMayReadPodsAndNothingElseInWhicheverNamespaceTheyRun() throws Exception {
    JsonNode role = theOne("Role");
    assertEquals(1, role.path("rules").size());
    JsonNode rule = role.path("rules").get(0);
    assertEquals(List.of(""), YAML.convertValue(rule.path("apiGroups"), List.class));
    assertEquals(List.of("pods"), YAML.convertValue(rule.path("resources"), List.class));
    assertEquals(
        Set.of("get", "watch", "list"),
        new HashSet<>(YAML.convertValue(rule.path("verbs"), List.class)));

    String account = theOne("ServiceAccount").at("/metadata/name").asText();
    assertEquals(
        account, theOne("Deployment").at("/spec/template/spec/serviceAccountName").asText());
    JsonNode binding = theOne("RoleBinding");
    assertEquals("Role", binding.at("/roleRef/kind").asText());
    assertEquals(role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
    assertEquals(1, binding.path("subjects").size());
    assertEquals("ServiceAccount", binding.at("/subjects/0/kind").asText());
    assertEquals(account, binding.at("/subjects/0/name").asText());

    // Applied with -n: a namespace written anywhere would send part of it elsewhere.
    for (JsonNode doc : manifests())
      assertTrue(doc.at("/metadata/namespace").isMissingNode(), doc.path("kind") + " namespace");
    assertTrue(binding.at("/subjects/0/namespace").isMissingNode(), "subject namespace");
  }

  @Test
  void probesAskAkkaManagementOnTheManagementPort() throws Exception {
    Config config = kubernetesNode();
    JsonNode container = nodeContainer(theOne("Deployment"));
    String ready = "/" + config.getString("akka.management.health-checks.readiness-path");
    String alive = "/" + config.getString("akka.management.health-checks.liveness-path");
    assertEquals("/ready", ready);
    assertEquals("/alive", alive);
    for (var probe :
        Map.of("readinessProbe", ready, "livenessProbe", alive, "startupProbe", alive).entrySet()) {
      JsonNode get = container.path(probe.getKey()).path("httpGet");
      assertEquals(probe.getValue(), get.path("path").asText(), probe.getKey());
      assertEquals("management", get.path("port").asText(), probe.getKey());
    }
    assertEquals(
        config.getInt("akka.management.http.bind-port"), containerPort(container, "management"));
  }

  @Test
  void everyContainerRequestsResourcesAndItsHeapFitsItsMemoryLimit() throws Exception {
    JsonNode deployment = theOne("Deployment");
    for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
      JsonNode resources = c.path("resources");
      assertFalse(resources.at("/requests/cpu").asText().isEmpty(), "cpu request");
      assertFalse(resources.at("/requests/memory").asText().isEmpty(), "memory request");
      // The heap is a share of the limit: the pod must get all of it.
      assertEquals(
          resources.at("/limits/memory").asText(), resources.at("/requests/memory").asText());
    }

    String javaOpts = podEnvironment(nodeContainer(deployment)).get("JAVA_OPTS");
    var percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOpts);
    assertTrue(percentage.find(), javaOpts);
    assertTrue(Integer.parseInt(percentage.group(1)) <= 75, javaOpts);
    // Replacing the image's JAVA_OPTS must keep its other flags (the Kamon agent above all).
    String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
    var image = Pattern.compile("ENV JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile);
    assertTrue(image.find(), "JAVA_OPTS in docker/Dockerfile");
    for (String flag : image.group(1).split("\\s+"))
      if (!flag.contains("RAMPercentage")) assertTrue(javaOpts.contains(flag), flag);
  }

  @Test
  void updatesAndDrainsTakeOnePodAtATimeWithTimeToHandOver() throws Exception {
    JsonNode deployment = theOne("Deployment");
    assertEquals(0, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1));
    assertEquals(1, deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt());

    JsonNode budget = theOne("PodDisruptionBudget");
    assertEquals(1, budget.at("/spec/maxUnavailable").asInt());
    assertEquals(
        strings(deployment.at("/spec/selector/matchLabels")),
        strings(budget.at("/spec/selector/matchLabels")));

    // SIGTERM runs the coordinated shutdown; Kubernetes kills the pod when the grace period ends.
    Config config = kubernetesNode();
    Duration shutdown = Duration.ZERO;
    for (String phase : config.getObject("akka.coordinated-shutdown.phases").keySet()) {
      String timeout = "akka.coordinated-shutdown.phases." + phase + ".timeout";
      shutdown =
          shutdown.plus(
              config.hasPath(timeout)
                  ? config.getDuration(timeout)
                  : config.getDuration("akka.coordinated-shutdown.default-phase-timeout"));
    }
    long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
    assertTrue(grace > shutdown.toSeconds(), grace + " s for a shutdown of up to " + shutdown);
  }

  @Test
  void secretsComeFromSecretsNeverFromTheManifest() throws Exception {
    JsonNode container = nodeContainer(theOne("Deployment"));
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      if (name.startsWith("SWARM_DB_")) {
        assertFalse(variable.has("value"), name);
        assertEquals("botswarm-db", variable.at("/valueFrom/secretKeyRef/name").asText(), name);
      }
    }
    assertEquals("botswarm-telegram", container.at("/envFrom/0/secretRef/name").asText());
    Map<String, JsonNode> tokens = new HashMap<>();
    for (JsonNode variable : container.path("env"))
      if (variable.path("name").asText().endsWith("_TOKEN"))
        tokens.put(variable.path("name").asText(), variable);
    assertEquals(Set.of("SWARM_API_TOKEN", "SWARM_ADMIN_TOKEN"), tokens.keySet());
    for (var token : tokens.entrySet()) {
      assertFalse(token.getValue().has("value"), token.getKey());
      assertEquals(
          "botswarm-tokens",
          token.getValue().at("/valueFrom/secretKeyRef/name").asText(),
          token.getKey());
    }
    // The read API's token is required (the pod does not start without it); the admin API's
    // turns the admin API on when the Secret has one.
    assertEquals("api", tokens.get("SWARM_API_TOKEN").at("/valueFrom/secretKeyRef/key").asText());
    assertFalse(tokens.get("SWARM_API_TOKEN").at("/valueFrom/secretKeyRef/optional").asBoolean());
    assertEquals(
        "admin", tokens.get("SWARM_ADMIN_TOKEN").at("/valueFrom/secretKeyRef/key").asText());
    assertTrue(tokens.get("SWARM_ADMIN_TOKEN").at("/valueFrom/secretKeyRef/optional").asBoolean());
    assertTrue(manifests().stream().noneMatch(d -> d.path("kind").asText().equals("Secret")));
  }

  @Test
  void theServicesReachEveryPodsMetricsAndApiPorts() throws Exception {
    Config config = kubernetesNode();
    JsonNode deployment = theOne("Deployment");
    JsonNode service = named("Service", "botswarm-metrics");
    Map<String, String> podLabels = strings(deployment.at("/spec/template/metadata/labels"));
    strings(service.at("/spec/selector"))
        .forEach((k, v) -> assertEquals(v, podLabels.get(k), "Service selector " + k));
    JsonNode api = named("Service", "botswarm-api");
    strings(api.at("/spec/selector"))
        .forEach((k, v) -> assertEquals(v, podLabels.get(k), "API Service selector " + k));
    assertEquals(
        config.getInt("botswarm.api.port"), containerPort(nodeContainer(deployment), "api"));
    assertEquals("api", api.at("/spec/ports/0/targetPort").asText());
    assertEquals("0.0.0.0", config.getString("botswarm.api.host"));
    int metrics = config.getInt("botswarm.metrics.port");
    assertEquals(metrics, containerPort(nodeContainer(deployment), "metrics"));
    assertEquals("metrics", service.at("/spec/ports/0/targetPort").asText());
    JsonNode annotations = service.at("/metadata/annotations");
    assertEquals("true", annotations.path("prometheus.io/scrape").asText());
    assertEquals(String.valueOf(metrics), annotations.path("prometheus.io/port").asText());
    assertEquals("/metrics", annotations.path("prometheus.io/path").asText());
  }

  @Test
  void theImageRunsTheKubernetesOverlayItCarries() throws Exception {
    JsonNode container = nodeContainer(theOne("Deployment"));
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    assertEquals("node", args.get(0));
    String overlay = args.get(args.indexOf("--config") + 1);
    // docker/Dockerfile copies cluster-config/ to /app/cluster-config/.
    assertTrue(
        Files.readString(Path.of("docker/Dockerfile"))
            .contains("COPY cluster-config /app/cluster-config"));
    assertEquals("/app/" + KUBERNETES.resolve("node.conf"), overlay);

    JsonNode kustomization = YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
    String image = container.path("image").asText();
    assertEquals(
        image.substring(0, image.indexOf(':')), kustomization.at("/images/0/name").asText());
  }

  @Test
  void theKustomizationListsEveryManifest() throws Exception {
    JsonNode kustomization = YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
    Set<String> listed = new TreeSet<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    assertEquals(manifestFiles(), listed);
    assertEquals(
        Set.of(
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "Deployment",
            "PodDisruptionBudget",
            "Service"),
        new HashSet<>(manifests().stream().map(d -> d.path("kind").asText()).toList()));
  }
}
