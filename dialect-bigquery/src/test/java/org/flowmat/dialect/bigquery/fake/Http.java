package org.flowmat.dialect.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** One HTTP exchange as both fakes see it: the body un-gzipped (the Google clients gzip request bodies), query params. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpExchange exchange;
  final String method;
  final String path;
  final Map<String, String> query;
  private byte[] body;
  /** When set, answers are dropped (a fault that lets the request take effect and loses its response). */
  boolean discard;

  Http(HttpExchange exchange) {
    this.exchange = exchange;
    // google-http-client's java.net transport sends PATCH as POST with X-HTTP-Method-Override.
    String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
    this.method = override != null ? override.toUpperCase(java.util.Locale.ROOT) : exchange.getRequestMethod();
    this.path = exchange.getRequestURI().getRawPath();
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(k, v);
    }
    return out;
  }

  static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  byte[] body() throws IOException {
    if (body == null) {
      try (InputStream in = exchange.getRequestBody()) {
        byte[] raw = in.readAllBytes();
        String encoding = header("Content-Encoding");
        if (encoding != null && encoding.toLowerCase().contains("gzip")) {
          try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            raw = gz.readAllBytes();
          }
        }
        body = raw;
      }
    }
    return body;
  }

  JsonNode json() throws IOException {
    byte[] b = body();
    if (b.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(b);
    } catch (IOException e) {
      throw ApiException.invalid("Request body is not JSON: " + e.getMessage());
    }
  }

  void send(int status, JsonNode json) throws IOException {
    send(status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(json));
  }

  void send(int status, String contentType, byte[] bytes) throws IOException {
    if (discard) {
      return;
    }
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    boolean noBody = status == 204 || method.equals("HEAD");
    exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length == 0 ? -1 : bytes.length);
    if (!noBody && bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  void sendError(ApiException e) throws IOException {
    send(e.code, errorBody(e.code, e.reason, e.getMessage(), e.status()));
  }

  static ObjectNode errorBody(int code, String reason, String message, String status) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    ObjectNode one = error.putArray("errors").addObject();
    one.put("message", message);
    one.put("domain", "global");
    one.put("reason", reason);
    error.put("status", status);
    return root;
  }
}
