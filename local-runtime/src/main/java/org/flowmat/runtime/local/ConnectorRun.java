package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.codec.MessageReader;
import org.flowmat.runtime.codec.MessageWriter;
import org.flowmat.runtime.launch.ConnectorLauncher;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * Runs a connector the way Flow does, in-process or as a child process: writes the requests to its stdin in a codec,
 * closes it, and collects responses, stderr lines and the exit code.
 */
public record ConnectorRun(int exitCode, List<Response> responses, List<String> stderr) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The last stderr line's {@code msg}: what Flow shows a user when the connector fails. */
  public String lastMessage() {
    if (stderr.isEmpty()) {
      return "";
    }
    try {
      return JSON.readTree(stderr.get(stderr.size() - 1)).path("msg").asText();
    } catch (IOException e) {
      return stderr.get(stderr.size() - 1);
    }
  }

  /** Every response as a JSON tree in Flow's JSON dialect, for comparisons that ignore key order. */
  public List<JsonNode> responseTrees() {
    return responses.stream().map(ConnectorRun::tree).toList();
  }

  public static JsonNode tree(Message message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Codec.JSON.writer(out).write(message);
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@link ConnectorLauncher} in this JVM with its stderr captured. */
  public static synchronized ConnectorRun inProcess(
      Codec codec, List<Request> requests, Map<String, String> env, String... args) {
    byte[] stdin = encode(codec, requests);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    int exit;
    Map<String, String> environment = new java.util.HashMap<>(env);
    if (codec == Codec.JSON) {
      environment.put(Codec.ENV_VAR, "json");
    }
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      exit = ConnectorLauncher.run(args, new ByteArrayInputStream(stdin), stdout, environment);
    } finally {
      System.setErr(originalErr);
    }
    return new ConnectorRun(exit, decodeAll(codec, new ByteArrayInputStream(stdout.toByteArray())), lines(stderr));
  }

  /** Runs {@code command} as a child process, as Flow's shim runs a connector image's entry point. */
  public static ConnectorRun process(
      List<String> command, Map<String, String> env, Codec codec, List<Request> requests, Path workDir) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
      builder.environment().putAll(env);
      if (codec == Codec.JSON) {
        builder.environment().put("FLOW_RUNTIME_CODEC", "json");
      }
      Process process = builder.start();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      Thread errPump = new Thread(() -> copy(process.getErrorStream(), stderr));
      errPump.start();
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      Thread outPump = new Thread(() -> copy(process.getInputStream(), stdout));
      outPump.start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(encode(codec, requests));
      } catch (IOException ignored) {
        // The connector may exit before reading everything (it failed early); its exit code tells.
      }
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("connector did not exit within 120 s: " + command);
      }
      errPump.join();
      outPump.join();
      return new ConnectorRun(
          process.exitValue(), decodeAll(codec, new ByteArrayInputStream(stdout.toByteArray())), lines(stderr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A child JVM running the launcher on this test's class path. */
  public static List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ConnectorLauncher.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  public static byte[] encode(Codec codec, List<? extends Message> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageWriter<Message> writer = codec.writer(out);
    try {
      for (Message m : messages) {
        writer.write(m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Reads requests from a JSON-lines resource, through the JSON codec. */
  public static List<Request> requests(String resource) {
    try (InputStream in = ConnectorRun.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      List<Request> out = new ArrayList<>();
      MessageReader<Request> reader = Codec.JSON.reader(in, Request.getDefaultInstance());
      for (Request r; (r = reader.read()) != null; ) {
        out.add(r);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a JSON-lines resource as trees. */
  public static List<JsonNode> jsonLines(String resource) {
    try (InputStream in = ConnectorRun.class.getResourceAsStream(resource)) {
      List<JsonNode> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Response> decodeAll(Codec codec, InputStream in) {
    List<Response> out = new ArrayList<>();
    try {
      MessageReader<Response> reader = codec.reader(in, Response.getDefaultInstance());
      for (Response r; (r = reader.read()) != null; ) {
        out.add(r);
      }
    } catch (IOException e) {
      throw new AssertionError("connector wrote malformed output after " + out.size() + " responses", e);
    }
    return out;
  }

  private static List<String> lines(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  private static void copy(InputStream in, OutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // The process ended.
    }
  }
}
