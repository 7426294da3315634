package dev.cutover.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The images' classpaths against the poms (the images are not built in CI, so this is what catches a new
 * dependency the image would lack, or one it must not carry): refine-worker/Dockerfile copies only the artifacts
 * named in {@code -DincludeArtifactIds=} and takes the rest from the Spark image; controller/Dockerfile builds the
 * controller module alone and copies its runtime classpath ({@code target/classpath.txt}), which has neither the
 * demo nor Kafka's test kit.
 */
class ImageClasspathTest {

    /**
     * Artifacts the worker may leave out of {@code -DincludeArtifactIds} because the Spark image
     * (apache/spark:4.2.0-scala2.13-java17, the binary distribution built with Hive and Kubernetes support)
     * ships them in {@code $SPARK_HOME/jars}. A trailing {@code *} matches a prefix. Keep this list to what
     * Spark really ships: anything else the worker uses at run time must be in the Dockerfile's list.
     */
    private static final Map<String, String> PROVIDED_BY_SPARK_IMAGE = Map.ofEntries(
            Map.entry("spark-*", "Spark itself (spark-sql, spark-hive, spark-core, ...)"),
            Map.entry("hadoop-*", "Spark's Hadoop 3 client (hadoop-client-api, hadoop-client-runtime)"),
            Map.entry("hive-*", "Spark's Hive support (the distribution is built with -Phive)"),
            Map.entry("scala-*", "the Scala 2.13 library, reflect, parser combinators, ..."),
            Map.entry("jackson-core", "Spark's Jackson (the project pins the same version)"),
            Map.entry("jackson-databind", "Spark's Jackson (the project pins the same version)"),
            Map.entry("jackson-annotations", "Spark's Jackson (the project pins the same version)"),
            Map.entry("jackson-module-scala_*", "Spark's Jackson Scala module"),
            Map.entry("slf4j-api", "Spark's logging facade (Spark binds it to Log4j 2)"),
            Map.entry("log4j-*", "Spark's Log4j 2"));

    /** What the controller image must never carry: the demo, the project's test kit, Kafka's test kit (broker). */
    private static final Set<String> NOT_IN_CONTROLLER_IMAGE = Set.of("dev.cutover:demo", "dev.cutover:testkit",
            "org.apache.kafka:kafka-test-common-runtime", "org.apache.kafka:kafka-clients:test");

    private static final Pattern INCLUDE_IDS = Pattern.compile("-DincludeArtifactIds=([^\\s\\\\]+)");
    private static final Pattern EXCLUDE_IDS = Pattern.compile("-Dexclude(ArtifactIds|GroupIds|Scope|Classifiers)=");
    private static final Pattern PROFILES = Pattern.compile("(?:^|\\s)-P([^\\s\\\\]+)");
    private static final Pattern PROJECTS = Pattern.compile("(?:^|\\s)(?:-pl|--projects)[\\s=]+([^\\s\\\\]+)");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?!--from)(\\S+)\\s+\\S+");
    /** A package declaration or import of the demo, the project's test kit or Kafka's (the in-process broker). */
    private static final Pattern PACKAGE_OR_IMPORT = Pattern.compile("(?m)^(?:package|import)\\s+(?:static\\s+)?"
            + "(dev\\.cutover\\.(?:demo|testkit)|org\\.apache\\.kafka\\.common\\.test)\\b");

    @Test
    void theWorkerImageCopiesEveryDependencySparkDoesNotShip() {
        String dockerfile = read("refine-worker/Dockerfile");
        Matcher include = INCLUDE_IDS.matcher(dockerfile);
        assertThat(include.find()).as("refine-worker/Dockerfile selects its jars with -DincludeArtifactIds=").isTrue();
        Set<String> listed = new LinkedHashSet<>(List.of(include.group(1).split(",")));
        assertThat(include.find()).as("one -DincludeArtifactIds= in refine-worker/Dockerfile").isFalse();

        List<Dependency> runtime = runtimeDependencies("refine-worker", List.of());
        assertThat(runtime).as("refine-worker's compile/runtime dependencies")
                .extracting(Dependency::artifactId).contains("stream-config", "kafka-clients", "picocli");
        List<String> missing = runtime.stream()
                .filter(d -> !d.groupId().equals("dev.cutover"))
                .filter(d -> providedBySpark(d.artifactId()).isEmpty())
                .filter(d -> !listed.contains(d.artifactId()))
                .map(d -> d + " (from " + d.declaredIn() + ")")
                .distinct().toList();
        assertThat(missing)
                .as("dependencies the Spark image does not ship, missing from refine-worker/Dockerfile's"
                        + " -DincludeArtifactIds=%s: add them there (or, if Spark really ships them, to"
                        + " PROVIDED_BY_SPARK_IMAGE with the reason)", String.join(",", listed))
                .isEmpty();
        List<String> modules = runtime.stream().filter(d -> d.groupId().equals("dev.cutover"))
                .map(Dependency::artifactId).distinct().toList();
        assertThat(listed).as("the project's own modules the worker uses").containsAll(modules);
    }

    @Test
    void theAllowListOnlyCoversArtifactsTheWorkerDoesNotListItself() {
        String dockerfile = read("refine-worker/Dockerfile");
        Matcher include = INCLUDE_IDS.matcher(dockerfile);
        assertThat(include.find()).isTrue();

        for (String id : include.group(1).split(",")) {
            assertThat(providedBySpark(id)).as("%s is both copied by the Dockerfile and said to come from Spark", id)
                    .isEmpty();
        }
        assertThat(providedBySpark("spark-sql_2.13")).isPresent();
        assertThat(providedBySpark("kafka-clients")).as("Spark's distribution has no Kafka client").isEmpty();
    }

    @Test
    void theControllerImageIsBuiltFromTheControllerModuleAloneAndCopiesItsRuntimeClasspath() {
        String dockerfile = read("controller/Dockerfile");
        String run = mavenCommand(dockerfile, "controller/Dockerfile");
        List<String> projects = new ArrayList<>();
        Matcher pl = PROJECTS.matcher(run);
        while (pl.find()) {
            projects.addAll(List.of(pl.group(1).split(",")));
        }
        assertThat(projects).as("the modules controller/Dockerfile builds (with what they depend on)")
                .containsExactly("controller");
        List<String> profiles = new ArrayList<>();
        Matcher p = PROFILES.matcher(run);
        while (p.find()) {
            profiles.addAll(List.of(p.group(1).split(",")));
        }
        assertThat(profiles).as("profiles of controller/Dockerfile's build: the image is the module as it is")
                .isEmpty();
        assertThat(child(pom("controller"), "profiles")).as("controller/pom.xml profiles").isEmpty();
        assertThat(run).as("dependency:copy-dependencies would also run in the test kit, which the -am reactor"
                + " builds for the controller's tests; the image copies the controller's classpath.txt instead")
                .doesNotContain("copy-dependencies")
                .contains("controller/target-image/classpath.txt");
        assertThat(INCLUDE_IDS.matcher(run).find() || EXCLUDE_IDS.matcher(run).find())
                .as("controller/Dockerfile filters artifacts: %s", run).isFalse();

        Element classpath = children(child(child(pom("."), "build").orElseThrow(), "plugins").orElseThrow(), "plugin")
                .stream().filter(e -> text(e, "artifactId").equals("maven-dependency-plugin")).findFirst()
                .flatMap(e -> child(e, "executions")).map(e -> children(e, "execution")).orElse(List.of()).stream()
                .filter(e -> text(e, "id").equals("launcher-classpath")).findFirst()
                .orElseThrow(() -> new AssertionError("the parent pom writes no classpath.txt (execution"
                        + " launcher-classpath of maven-dependency-plugin)"));
        Element configuration = child(classpath, "configuration").orElseThrow();
        assertThat(text(classpath, "phase")).isEqualTo("package");
        assertThat(text(configuration, "outputFile")).isEqualTo("${project.build.directory}/classpath.txt");
        assertThat(text(configuration, "includeScope")).as("classpath.txt lists the runtime classpath")
                .isEqualTo("runtime");
    }

    @Test
    void theControllerRuntimeClasspathHasNeitherTheDemoNorAnyTestKit() {
        List<Dependency> runtime = runtimeDependencies("controller", List.of());

        assertThat(runtime).extracting(Dependency::key)
                .as("the controller's compile/runtime dependencies (and those of the project modules it uses)")
                .doesNotContainAnyElementsOf(NOT_IN_CONTROLLER_IMAGE)
                .contains("org.apache.kafka:kafka-clients", "io.vertx:vertx-core", "dev.cutover:stream-config");
    }

    @Test
    void noSourceTheControllerImageCompilesBelongsToTheDemoOrATestKit() {
        List<String> modules = new ArrayList<>(List.of("controller"));
        runtimeDependencies("controller", List.of()).stream().filter(d -> d.groupId().equals("dev.cutover"))
                .map(Dependency::artifactId).distinct().forEach(modules::add);
        assertThat(modules).contains("stream-config");

        List<String> found = new ArrayList<>();
        for (String module : modules) {
            Path sources = SourceOptions.repo().resolve(module).resolve("src/main/java");
            assertThat(sources.resolve("dev/cutover/demo")).as("%s has demo classes", module).doesNotExist();
            assertThat(sources.resolve("dev/cutover/testkit")).as("%s has test kit classes", module).doesNotExist();
            try (var files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = PACKAGE_OR_IMPORT.matcher(Files.readString(file));
                    while (m.find()) {
                        found.add(SourceOptions.repo().relativize(file) + ": " + m.group());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + sources, e);
            }
        }
        assertThat(found).as("sources of the controller image that declare or use the demo or a test kit").isEmpty();
    }

    @Test
    void theControllerImageHasEveryModulePomButOnlyTheSourcesItBuilds() {
        Set<String> copied = copiedByEveryModulePom("controller/Dockerfile");
        assertThat(copied).as("sources the controller image must not build").doesNotContain("testkit/", "demo/",
                "refine-worker/", "helm/");
    }

    @Test
    void theWorkerImageHasEveryModulePomAndTheTestKitItsTestsCompileWith() {
        Set<String> copied = copiedByEveryModulePom("refine-worker/Dockerfile");
        assertThat(copied).as("the worker's build compiles its tests against the test kit").contains("testkit/");
        assertThat(copied).as("sources the worker image must not build").doesNotContain("demo/", "controller/",
                "helm/");
    }

    /** What a Dockerfile copies into its build, checked to include every module's pom (Maven reads them all). */
    private Set<String> copiedByEveryModulePom(String path) {
        String dockerfile = read(path);
        Set<String> copied = new LinkedHashSet<>();
        Matcher copy = COPY.matcher(dockerfile);
        while (copy.find()) {
            copied.add(copy.group(1));
        }
        List<String> modules = children(child(pom("."), "modules").orElseThrow(), "module").stream()
                .map(e -> e.getTextContent().trim()).toList();
        assertThat(modules).contains("controller", "testkit", "demo");
        for (String module : modules) {
            assertThat(copied.contains(module + "/pom.xml") || copied.contains(module + "/"))
                    .as("%s copies %s's pom (Maven reads every module the parent lists): %s", path, module, copied)
                    .isTrue();
        }
        return copied;
    }

    private static Optional<String> providedBySpark(String artifactId) {
        return PROVIDED_BY_SPARK_IMAGE.keySet().stream()
                .filter(p -> p.endsWith("*") ? artifactId.startsWith(p.substring(0, p.length() - 1))
                        : artifactId.equals(p))
                .findFirst();
    }

    /** The Dockerfile's RUN line that builds with Maven, continuation lines joined. */
    private static String mavenCommand(String dockerfile, String name) {
        String joined = dockerfile.replaceAll("\\\\\\r?\\n", " ");
        return joined.lines().filter(l -> l.startsWith("RUN") && l.contains("mvn ")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no RUN ... mvn line"));
    }

    /** A dependency as the image build sees it; {@code declaredIn} is the module whose pom lists it. */
    record Dependency(String groupId, String artifactId, String classifier, String declaredIn) {

        String key() {
            return ImageClasspathTest.key(groupId, artifactId, classifier);
        }

        @Override
        public String toString() {
            return key();
        }
    }

    private static String key(String groupId, String artifactId, String classifier) {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    /**
     * The compile- and runtime-scope dependencies {@code module}'s pom declares (with {@code profiles} active),
     * plus those of the project's own modules it depends on (their jars bring them along). Scopes and
     * properties come from the module's pom and the parent's dependencyManagement and properties.
     */
    private static List<Dependency> runtimeDependencies(String module, List<String> profiles) {
        Element parent = pom(".");
        Map<String, String> properties = new HashMap<>();
        child(parent, "properties").ifPresent(props -> elements(props).forEach(e -> properties.put(e.getTagName(),
                e.getTextContent().trim())));
        Map<String, String> managedScope = new HashMap<>();
        child(parent, "dependencyManagement").map(dm -> child(dm, "dependencies").orElseThrow()).ifPresent(deps ->
                children(deps, "dependency").forEach(d -> managedScope.put(key(resolve(text(d, "groupId"), properties),
                        resolve(text(d, "artifactId"), properties), text(d, "classifier")), text(d, "scope"))));

        List<Dependency> found = new ArrayList<>();
        collect(module, profiles, properties, managedScope, found, new LinkedHashSet<>());
        return found;
    }

    private static void collect(String module, List<String> profiles, Map<String, String> properties,
                                Map<String, String> managedScope, List<Dependency> found, Set<String> visited) {
        if (!visited.add(module)) {
            return;
        }
        Element pom = pom(module);
        Map<String, Element> declared = new LinkedHashMap<>();
        for (Element dep : dependencies(pom)) {
            declared.put(depKey(dep, properties), dep);
        }
        for (String id : profiles) {
            child(pom, "profiles").ifPresent(ps -> children(ps, "profile").stream()
                    .filter(p -> text(p, "id").equals(id))
                    .forEach(p -> dependencies(p).forEach(dep -> declared.put(depKey(dep, properties), dep))));
        }
        for (Map.Entry<String, Element> e : declared.entrySet()) {
            Element dep = e.getValue();
            String scope = text(dep, "scope");
            if (scope.isEmpty()) {
                scope = managedScope.getOrDefault(e.getKey(), "");
            }
            if (!scope.isEmpty() && !scope.equals("compile") && !scope.equals("runtime")) {
                continue;
            }
            Dependency d = new Dependency(resolve(text(dep, "groupId"), properties),
                    resolve(text(dep, "artifactId"), properties), text(dep, "classifier"), module + "/pom.xml");
            found.add(d);
            if (d.groupId().equals("dev.cutover")) {
                collect(d.artifactId(), List.of(), properties, managedScope, found, visited);
            }
        }
    }

    private static String depKey(Element dep, Map<String, String> properties) {
        return key(resolve(text(dep, "groupId"), properties), resolve(text(dep, "artifactId"), properties),
                text(dep, "classifier"));
    }

    private static List<Element> dependencies(Element owner) {
        return child(owner, "dependencies").map(d -> children(d, "dependency")).orElse(List.of());
    }

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private static String resolve(String value, Map<String, String> properties) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = properties.get(m.group(1));
            if (v == null) {
                throw new AssertionError("${" + m.group(1) + "} in '" + value + "' is not a property of the parent pom");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    private static Element pom(String module) {
        Path file = SourceOptions.repo().resolve(module).resolve("pom.xml").normalize();
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(file.toFile());
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> elements(Element parent) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                list.add(e);
            }
        }
        return list;
    }

    private static List<Element> children(Element parent, String tag) {
        return elements(parent).stream().filter(e -> e.getTagName().equals(tag)).toList();
    }

    private static Optional<Element> child(Element parent, String tag) {
        return children(parent, tag).stream().findFirst();
    }

    private static String text(Element parent, String tag) {
        return child(parent, tag).map(e -> e.getTextContent().trim()).orElse("");
    }

    private static String read(String path) {
        try {
            return Files.readString(SourceOptions.repo().resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
