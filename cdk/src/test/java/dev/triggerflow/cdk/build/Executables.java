package dev.triggerflow.cdk.build;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds programs on the PATH, as a shell would, including Windows' command extensions. */
public final class Executables {
  private static final List<String> SUFFIXES = List.of("", ".cmd", ".exe");

  private Executables() {}

  /** The first executable of that name on the PATH, if any. */
  public static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(Pattern.quote(File.pathSeparator), -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String suffix : SUFFIXES) {
        Path candidate = Path.of(dir, name + suffix);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
