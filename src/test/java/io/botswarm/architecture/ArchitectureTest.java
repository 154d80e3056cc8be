package io.botswarm.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package import graph of the product (src/main/java: its class files' dependencies, and its
 * import statements, which also name the constants the class files inline) against the map the code
 * declares. The map has one source: the dependency sentence of each package's {@code
 * package-info.java} ("Depends on {@code a} (why), {@code b} and {@code c}." or "Depends on nothing
 * of ours."; explanations in parentheses, package names in {@code}). The architecture page's table
 * must say the same, so neither can drift from the code.
 */
class ArchitectureTest {

  private static final String ROOT = "io.botswarm";
  private static final Path SOURCES = Path.of("src/main/java/io/botswarm");
  private static final Path ARCHITECTURE_PAGE = Path.of("docs/architecture.md");
  private static final String TABLE_HEADING = "## Packages and what they depend on";

  private static JavaClasses product;

  @BeforeAll
  static void importProduct() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);
  }

  @Test
  void everyPackageDependsOnExactlyWhatItsPackageInfoSays() throws IOException {
    List<String> wrong =
        differences(
            importGraph(),
            "the code depends on",
            declaredInPackageInfos(),
            "its package-info says",
            "fix the sentence in src/main/java/io/botswarm/<package>/package-info.java, or the code");
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void theArchitecturePageListsWhatThePackageInfosSayBottomUp() throws IOException {
    Map<String, Set<String>> table = declaredOnArchitecturePage();
    List<String> wrong =
        differences(
            declaredInPackageInfos(),
            "its package-info says",
            table,
            "docs/architecture.md says",
            "make the row under '" + TABLE_HEADING + "' say what the package-info says");
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    Set<String> above = new TreeSet<>();
    table.forEach(
        (pkg, uses) -> {
          assertTrue(
              above.containsAll(uses),
              "docs/architecture.md: move " + pkg + " below what it depends on, " + uses);
          above.add(pkg);
        });
  }

  @Test
  void packagesDependOnEachOtherWithoutCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(product);
  }

  @Test
  void nothingButTheCommandLineReachesTheBenchmarks() throws IOException {
    importGraph()
        .forEach(
            (pkg, uses) ->
                assertTrue(
                    pkg.equals("cli") || pkg.equals("bench") || !uses.contains("bench"),
                    pkg + " depends on bench: tools stay out of the product's way"));
  }

  @Test
  void theSandboxKnowsNothingOfTheSwarmButATokenBucketAndAnHttpListener() {
    List<String> outside =
        product.stream()
            .filter(c -> c.getPackageName().startsWith(ROOT + ".telegram.sandbox"))
            .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
            .map(d -> d.getTargetClass().getBaseComponentType())
            .filter(t -> t.getPackageName().startsWith(ROOT + "."))
            .filter(t -> !t.getPackageName().startsWith(ROOT + ".telegram.sandbox"))
            .filter(t -> !t.getName().equals(ROOT + ".chat.TokenBucket"))
            .filter(t -> !t.getPackageName().equals(ROOT + ".http"))
            .map(JavaClass::getName)
            .distinct()
            .sorted()
            .toList();
    assertTrue(
        outside.isEmpty(),
        "the sandbox plays Telegram on its own, yet it uses " + String.join(", ", outside));
  }

  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?io\\.botswarm\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

  /** Package (below io.botswarm) to the other packages of ours its classes use or import. */
  private static Map<String, Set<String>> importGraph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (JavaClass c : product) {
      if (!c.getPackageName().startsWith(ROOT + ".")) continue;
      String from = relative(c.getPackageName());
      Set<String> uses = graph.computeIfAbsent(from, p -> new TreeSet<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = d.getTargetClass().getBaseComponentType().getPackageName();
        if (to.startsWith(ROOT + ".") && !relative(to).equals(from)) uses.add(relative(to));
      }
    }
    List<Path> sources;
    try (var files = Files.walk(SOURCES)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    for (Path source : sources) {
      String from = SOURCES.relativize(source.getParent()).toString().replace('/', '.');
      Matcher imported = IMPORT.matcher(Files.readString(source));
      while (imported.find())
        if (!imported.group(1).equals(from))
          graph.computeIfAbsent(from, p -> new TreeSet<>()).add(imported.group(1));
    }
    return graph;
  }

  private static final Pattern SENTENCE =
      Pattern.compile("Depends on (.*?)\\.(\\s|$)", Pattern.DOTALL);
  private static final Pattern CODE = Pattern.compile("\\{@code ([^}]*)}");
  private static final Pattern PACKAGE = Pattern.compile("[a-z]+(\\.[a-z]+)*");

  /** Each package's dependencies as the first "Depends on" sentence of its package-info says. */
  private static Map<String, Set<String>> declaredInPackageInfos() throws IOException {
    Map<String, Set<String>> declared = new TreeMap<>();
    List<Path> infos;
    try (var files = Files.walk(SOURCES)) {
      infos = files.filter(f -> f.endsWith("package-info.java")).toList();
    }
    for (Path info : infos) {
      String pkg = SOURCES.relativize(info.getParent()).toString().replace('/', '.');
      String text = Files.readString(info).replaceAll("\\n\\s*\\*", " ");
      Matcher sentence = SENTENCE.matcher(text);
      assertTrue(
          sentence.find(),
          info + " needs a dependency sentence: \"Depends on {@code a} and {@code b}.\"");
      declared.put(pkg, packagesNamed(info.toString(), sentence.group(1)));
    }
    return declared;
  }

  /** The packages a dependency sentence names in {@code}, outside its parenthesised reasons. */
  private static Set<String> packagesNamed(String where, String sentence) {
    String names = sentence.replaceAll("\\([^()]*\\)", "");
    Set<String> packages = new TreeSet<>();
    Matcher code = CODE.matcher(names);
    while (code.find()) {
      String name = code.group(1).trim();
      assertTrue(
          PACKAGE.matcher(name).matches()
              && Files.isDirectory(SOURCES.resolve(name.replace('.', '/'))),
          where
              + ": '"
              + name
              + "' in the dependency sentence is not a package below io.botswarm (put classes and"
              + " reasons in parentheses)");
      packages.add(name);
    }
    return packages;
  }

  /** The architecture page's table: a row per package, its dependencies in backticks. */
  private static Map<String, Set<String>> declaredOnArchitecturePage() throws IOException {
    String page = Files.readString(ARCHITECTURE_PAGE);
    int start = page.indexOf(TABLE_HEADING);
    assertTrue(start >= 0, "docs/architecture.md has a section '" + TABLE_HEADING + "'");
    int end = page.indexOf("\n## ", start + TABLE_HEADING.length());
    String section = page.substring(start, end < 0 ? page.length() : end);
    Map<String, Set<String>> declared = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| `([a-z.]+)` \\| ([^|]*) \\|").matcher(section);
    while (row.find())
      declared.put(
          row.group(1),
          Pattern.compile("`([a-z.]+)`")
              .matcher(row.group(2))
              .results()
              .map(m -> m.group(1))
              .collect(Collectors.toCollection(TreeSet::new)));
    return declared;
  }

  /** A line per package whose dependencies two sources tell differently (absent: null). */
  private static List<String> differences(
      Map<String, Set<String>> one,
      String oneSays,
      Map<String, Set<String>> other,
      String otherSays,
      String fix) {
    Set<String> packages = new TreeSet<>(one.keySet());
    packages.addAll(other.keySet());
    List<String> lines = new ArrayList<>();
    for (String pkg : packages)
      if (!Objects.equals(one.get(pkg), other.get(pkg)))
        lines.add(
            String.format(
                "%s: %s %s, %s %s (%s)",
                pkg,
                oneSays,
                one.get(pkg),
                otherSays,
                other.get(pkg),
                fix.replace("<package>", pkg.replace('.', '/'))));
    return lines;
  }

  private static String relative(String pkg) {
    return pkg.substring(ROOT.length() + 1);
  }
}
