package dev.triggerflow.cdk.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triggerflow.cdk.ExamplesApp;
import dev.triggerflow.cdk.TriggerflowEngineProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The build's {@code cdk synth}: installs the CDK CLI pinned in {@code package.json} (with {@code
 * npm ci}, only when the installed one is missing or differs) and runs it on {@code cdk.json}'s
 * app, writing to {@code target/cdk.out}. Skips, saying so, only when npm is not installed.
 *
 * <p>Run by the exec plugin in the process-test-classes phase, inside Maven's JVM, so it reports
 * failure by throwing rather than by exiting.
 */
public final class CdkSynth {
  /** Where the build writes the cloud assembly. */
  public static final String OUTPUT = "target/cdk.out";

  /** The stand-in for the deployable jar when that jar has not been built. */
  public static final String PLACEHOLDER_CODE = "src/test/resources/placeholder-code";

  private static final long TIMEOUT_MINUTES = 9;

  private CdkSynth() {}

  /**
   * Runs the synth.
   *
   * @param args the cdk module's directory
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path module = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Optional<Path> npm = Executables.find("npm");
    if (npm.isEmpty()) {
      System.out.println(
          "[cdk-synth] SKIPPED: npm is not on the PATH, so the CDK CLI cannot run. Install"
              + " Node.js 20 and npm to have the build synthesise the app with the CDK CLI.");
      return;
    }

    installCli(module, npm.get());

    Path output = module.resolve(OUTPUT);
    deleteRecursively(output);
    List<String> command = new ArrayList<>();
    command.add(Executables.find("node").orElseThrow().toString());
    command.add(module.resolve("node_modules/aws-cdk/bin/cdk").toString());
    command.addAll(List.of("synth", "--quiet", "--no-notices", "--output", OUTPUT));
    Path defaultJar = module.resolve(TriggerflowEngineProps.DEFAULT_CODE_PATH).normalize();
    if (!Files.exists(defaultJar)) {
      System.out.println(
          "[cdk-synth] The deployable jar is not built ("
              + defaultJar
              + "); synthesising with a placeholder asset. The template is the same apart from"
              + " the asset hash.");
      command.addAll(List.of("--context", ExamplesApp.CODE_PATH_CONTEXT + "=" + PLACEHOLDER_CODE));
    }
    run(module, command);
    System.out.println("[cdk-synth] wrote " + output);
  }

  /**
   * Runs {@code npm ci} unless every tool pinned in package.json (the CDK CLI, and cdklocal for
   * LocalStack) is already installed at its pinned version.
   */
  private static void installCli(Path module, Path npm) throws IOException, InterruptedException {
    ObjectMapper json = new ObjectMapper();
    JsonNode pinned =
        json.readTree(module.resolve("package.json").toFile()).path("devDependencies");
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, JsonNode> tool : pinned.properties()) {
      Path installed =
          module.resolve("node_modules").resolve(tool.getKey()).resolve("package.json");
      String version =
          Files.exists(installed) ? json.readTree(installed.toFile()).path("version").asText() : "";
      if (!version.equals(tool.getValue().asText())) {
        stale.add(tool.getKey() + "@" + tool.getValue().asText());
      }
    }
    if (stale.isEmpty()) {
      return;
    }
    System.out.println("[cdk-synth] installing " + String.join(", ", stale) + " with npm ci");
    run(module, List.of(npm.toString(), "ci", "--no-audit", "--no-fund"));
  }

  private static void run(Path directory, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).inheritIO();
    // The jsii runtime the app starts prints a deprecation banner on every run under Node 20.
    builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "timed out after " + TIMEOUT_MINUTES + " minutes: " + String.join(" ", command));
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "exit code " + process.exitValue() + " from: " + String.join(" ", command));
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
