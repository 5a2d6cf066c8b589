package org.flowmat.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instructions of a connector image's Dockerfile that its tests check: FROM, LABEL, USER, WORKDIR, COPY and the
 * exec-form ENTRYPOINT. Only the forms our Dockerfiles use are read; any other form of these instructions is an error
 * naming the line, so a Dockerfile the tests cannot read fails them instead of passing unchecked.
 */
public record Dockerfile(
    Path file, String from, Map<String, String> labels, String user, String workdir, List<Copy> copies,
    List<String> entrypoint) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One {@code COPY src... dest} (flags such as {@code --chown} are kept apart). */
  public record Copy(List<String> flags, List<String> sources, String destination) {
    /**
     * Where {@code containerPath} comes from if this COPY puts it there: a host path under {@code context}, or empty.
     * A source directory copies its contents; a destination ending in {@code /} is a directory.
     */
    public Optional<Path> hostPath(Path context, String containerPath) {
      for (String source : sources) {
        Path host = context.resolve(source);
        boolean intoDirectory = destination.endsWith("/") || sources.size() > 1;
        String target = intoDirectory && !Files.isDirectory(host)
            ? slash(destination) + host.getFileName()
            : strip(destination);
        if (containerPath.equals(target)) {
          return Optional.of(host);
        }
        if (Files.isDirectory(host) && containerPath.startsWith(slash(target))) {
          return Optional.of(host.resolve(containerPath.substring(slash(target).length())));
        }
      }
      return Optional.empty();
    }

    private static String slash(String dir) {
      return dir.endsWith("/") ? dir : dir + "/";
    }

    private static String strip(String dir) {
      return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
  }

  public static Dockerfile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String from = null;
    String user = null;
    String workdir = null;
    Map<String, String> labels = new LinkedHashMap<>();
    List<Copy> copies = new ArrayList<>();
    List<String> entrypoint = null;
    StringBuilder pending = new StringBuilder();
    int startLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (pending.isEmpty()) {
        startLine = i + 1;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      String instruction = pending.append(line).toString().strip();
      pending.setLength(0);
      String where = file + ":" + startLine;
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase();
      String args = parts.length > 1 ? parts[1].strip() : "";
      switch (keyword) {
        case "FROM" -> from = args;
        case "USER" -> user = args;
        case "WORKDIR" -> workdir = args;
        case "LABEL" -> {
          for (String pair : args.split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException(where + ": LABEL needs key=value pairs: " + instruction);
            }
            labels.put(pair.substring(0, eq), unquote(pair.substring(eq + 1)));
          }
        }
        case "COPY" -> {
          if (args.startsWith("[")) {
            throw new IllegalArgumentException(where + ": write COPY as 'COPY src... dest': " + instruction);
          }
          List<String> words = new ArrayList<>(Arrays.asList(args.split("\\s+")));
          List<String> flags = new ArrayList<>();
          while (!words.isEmpty() && words.get(0).startsWith("--")) {
            flags.add(words.remove(0));
          }
          if (words.size() < 2) {
            throw new IllegalArgumentException(where + ": COPY needs a source and a destination: " + instruction);
          }
          copies.add(new Copy(flags, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1)));
        }
        case "ENTRYPOINT" -> {
          if (!args.startsWith("[")) {
            throw new IllegalArgumentException(where + ": ENTRYPOINT is not in exec form (a JSON array): " + instruction);
          }
          try {
            entrypoint = JSON.readValue(args, new TypeReference<List<String>>() {});
          } catch (IOException e) {
            throw new IllegalArgumentException(where + ": ENTRYPOINT is not a JSON array of strings: " + args, e);
          }
        }
        default -> { } // RUN, ENV, ...: not checked here
      }
    }
    if (from == null || entrypoint == null) {
      throw new IllegalArgumentException(file + " has no " + (from == null ? "FROM" : "ENTRYPOINT"));
    }
    return new Dockerfile(file, from, Map.copyOf(labels), user, workdir, List.copyOf(copies), List.copyOf(entrypoint));
  }

  /** The host file that the image holds at {@code containerPath}, as the last COPY that puts it there says. */
  public Optional<Path> hostPath(Path context, String containerPath) {
    Optional<Path> found = Optional.empty();
    for (Copy copy : copies) {
      Optional<Path> p = copy.hostPath(context, containerPath);
      if (p.isPresent()) {
        found = p;
      }
    }
    return found;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }
}
