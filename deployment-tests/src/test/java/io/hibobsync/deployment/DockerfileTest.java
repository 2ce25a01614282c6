package io.hibobsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The one Dockerfile every image is built from, and what docker-compose.yml asks of it. */
class DockerfileTest {

    private final String dockerfile = Repository.read("Dockerfile");
    private final List<String> instructions = instructions(dockerfile);
    private final ComposeFile compose = ComposeFile.load();

    @Test
    void builds_with_maven_then_extracts_the_layers_then_runs_on_a_jre() {
        assertThat(instructions.stream().filter(line -> line.startsWith("FROM ")).toList()).containsExactly(
                "FROM maven:3.9-eclipse-temurin-17 AS build",
                "FROM eclipse-temurin:17-jre AS extract",
                "FROM eclipse-temurin:17-jre");
        assertThat(instruction("RUN --mount=type=cache")).contains("target=/root/.m2").contains("-am package");
        assertThat(instruction("RUN java -Djarmode=tools"))
                .isEqualTo("RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination /extracted");
    }

    @Test
    void copies_the_layers_least_changing_first() {
        List<String> copies = instructions.stream().filter(line -> line.startsWith("COPY --from=extract")).toList();

        assertThat(copies).containsExactly(
                "COPY --from=extract /extracted/dependencies/ ./",
                "COPY --from=extract /extracted/spring-boot-loader/ ./",
                "COPY --from=extract /extracted/snapshot-dependencies/ ./",
                "COPY --from=extract /extracted/application/ ./");
    }

    @Test
    void starts_the_launcher_spring_boot_packages() throws IOException {
        Matcher entrypoint = Pattern.compile("ENTRYPOINT \\[\"java\", \"-XX:MaxRAMPercentage=75\", \"([\\w.]+)\"]")
                .matcher(instruction("ENTRYPOINT"));
        assertThat(entrypoint.matches()).as("ENTRYPOINT: %s", instruction("ENTRYPOINT")).isTrue();
        String launcher = entrypoint.group(1).replace('.', '/') + ".class";

        // spring-boot-loader-tools carries the loader that the Maven plugin writes into every jar.
        List<String> loaderClasses = new ArrayList<>();
        try (InputStream loader = getClass().getClassLoader().getResourceAsStream("META-INF/loader/spring-boot-loader.jar");
             JarInputStream jar = new JarInputStream(loader)) {
            for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                loaderClasses.add(entry.getName());
            }
        }
        assertThat(loaderClasses).contains(launcher);
    }

    @Test
    void runs_as_a_user_of_its_own() {
        String user = instruction("USER");

        assertThat(user).doesNotContain("root").isNotEqualTo("USER 0");
        assertThat(instructions.indexOf(user)).as("USER comes in the last stage")
                .isGreaterThan(instructions.lastIndexOf("FROM eclipse-temurin:17-jre"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest", "enrich", "docebo-writer", "notifier", "hibob-simulator", "docebo-simulator", "mail-catcher"})
    void builds_every_module_compose_runs_into_the_jar_compose_names(String service) throws Exception {
        Map<String, Object> build = compose.section(service, "build");
        Map<String, String> args = compose.buildArguments(service);
        String module = args.get("MODULE");

        assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "Dockerfile");
        assertThat(module).as("%s build arg MODULE", service).isNotBlank();
        assertThat(buildModules()).as("BUILD_MODULES in the Dockerfile").contains(module);
        assertThat(args.getOrDefault("JAR", module + ".jar")).as("the jar %s/pom.xml makes", module)
                .isEqualTo(jarMadeBy(module));
    }

    @Test
    void keeps_secrets_and_build_output_out_of_the_build_context() {
        List<String> ignored = Repository.read(".dockerignore").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(ignored).contains(".env", "**/target/", ".git/");
        assertThat(ignored).as("the build needs every module's pom").doesNotContain("*/pom.xml", "**/pom.xml");
    }

    /** BUILD_MODULES' default: what the build stage packages. */
    private List<String> buildModules() {
        String arg = instruction("ARG BUILD_MODULES=");
        return Arrays.asList(arg.substring("ARG BUILD_MODULES=".length()).split(","));
    }

    /** {@code <finalName>[-<classifier>].jar}, as the module's Spring Boot plugin writes it to target/. */
    private static String jarMadeBy(String module) throws Exception {
        var pom = Repository.path(module + "/pom.xml");
        assertThat(Files.isRegularFile(pom)).as("%s exists", pom).isTrue();
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Element project = document.getDocumentElement();
        String artifactId = child(project, "artifactId");
        Element build = (Element) project.getElementsByTagName("build").item(0);
        String finalName = build == null ? null : child(build, "finalName");
        assertThat(finalName).as("%s sets <finalName> (else the jar name carries the version)", module).isNotNull();
        String classifier = null;
        NodeList plugins = document.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("spring-boot-maven-plugin".equals(child(plugin, "artifactId"))) {
                NodeList classifiers = plugin.getElementsByTagName("classifier");
                classifier = classifiers.getLength() == 0 ? null : classifiers.item(0).getTextContent().strip();
            }
        }
        String name = finalName.replace("${project.artifactId}", artifactId);
        return name + (classifier == null ? "" : "-" + classifier) + ".jar";
    }

    private static String child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        return null;
    }

    private String instruction(String prefix) {
        return instructions.stream().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no instruction starting with " + prefix + " in the Dockerfile"));
    }

    /** The Dockerfile's instructions, continuation lines joined, comments left out. */
    private static List<String> instructions(String dockerfile) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfile.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1).strip() : line).append(continues ? " " : "");
            if (!continues) {
                result.add(current.toString().strip().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return result;
    }
}
