package org.flowmat.dialect.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The GCS JSON API subset the storage client uses for staging: buckets get/insert, objects multipart and resumable
 * upload, get (metadata and media), list with prefix/delimiter, delete. Object bytes live in files under a directory,
 * so the BigQuery fake's external tables read them with DuckDB's read_json.
 */
final class FakeGcs {
  record StoredObject(String bucket, String name, long generation, long size, String contentType, String contentEncoding,
                      String crc32c, String md5, Instant created, Path file, JsonNode metadata) {}

  private record Upload(String bucket, JsonNode resource, Path file, long[] received) {}

  private static final Pattern OBJECT = Pattern.compile("^/(?:download/)?storage/v1/b/([^/]+)/o/(.+)$");
  private static final Pattern OBJECTS = Pattern.compile("^/storage/v1/b/([^/]+)/o/?$");
  private static final Pattern UPLOAD = Pattern.compile("^/upload/storage/v1/b/([^/]+)/o/?$");
  private static final Pattern BUCKET = Pattern.compile("^/storage/v1/b/([^/]+)/?$");
  private static final Pattern RANGE = Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)");

  private final Path root;
  private final String defaultLocation;
  private final Map<String, Instant> buckets = new ConcurrentHashMap<>();
  private final Map<String, String> bucketLocations = new ConcurrentHashMap<>();
  private final Map<String, NavigableMap<String, StoredObject>> objects = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);

  FakeGcs(Path root, String defaultLocation) {
    this.root = root;
    this.defaultLocation = defaultLocation;
  }

  void createBucket(String name, String location) {
    if (buckets.putIfAbsent(name, Instant.now()) != null) {
      throw new ApiException(409, "conflict", "Your previous request to create the named bucket succeeded and you already own it.");
    }
    bucketLocations.put(name, location == null ? defaultLocation : location.toUpperCase());
    objects.put(name, new TreeMap<>());
  }

  /** The API method id of a request this fake serves, or empty when the path is not a GCS path. */
  static Optional<String> methodOf(String httpMethod, String path, Map<String, String> query) {
    if (UPLOAD.matcher(path).matches()) {
      return Optional.of("storage.objects.insert");
    }
    if (OBJECT.matcher(path).matches()) {
      return Optional.of(switch (httpMethod) {
        case "DELETE" -> "storage.objects.delete";
        case "PATCH", "PUT" -> "storage.objects.patch";
        default -> "storage.objects.get";
      });
    }
    if (OBJECTS.matcher(path).matches()) {
      return Optional.of("storage.objects.list");
    }
    if (path.equals("/storage/v1/b") || path.equals("/storage/v1/b/")) {
      return Optional.of(httpMethod.equals("POST") ? "storage.buckets.insert" : "storage.buckets.list");
    }
    if (BUCKET.matcher(path).matches()) {
      return Optional.of("storage.buckets.get");
    }
    return Optional.empty();
  }

  void handle(Http http, String method) throws IOException {
    Matcher m;
    switch (method) {
      case "storage.objects.insert" -> {
        m = UPLOAD.matcher(http.path);
        m.matches();
        upload(http, Http.decode(m.group(1)));
      }
      case "storage.objects.get", "storage.objects.delete", "storage.objects.patch" -> {
        m = OBJECT.matcher(http.path);
        m.matches();
        String bucket = Http.decode(m.group(1));
        String name = Http.decode(m.group(2));
        StoredObject o = find(bucket, name).orElseThrow(() -> ApiException.notFound("No such object: " + bucket + "/" + name));
        checkGeneration(http, o);
        if (method.equals("storage.objects.delete")) {
          objects.get(bucket).remove(name);
          Files.deleteIfExists(o.file());
          http.send(204, null, new byte[0]);
        } else if (method.equals("storage.objects.patch")) {
          http.send(200, resource(o));
        } else if ("media".equals(http.query.get("alt"))) {
          byte[] bytes = Files.readAllBytes(o.file());
          var h = http.exchange.getResponseHeaders();
          h.set("x-goog-generation", Long.toString(o.generation()));
          h.set("x-goog-metageneration", "1");
          h.set("x-goog-hash", "crc32c=" + o.crc32c() + ",md5=" + o.md5());
          h.set("x-goog-stored-content-length", Long.toString(o.size()));
          if (o.contentEncoding() != null) {
            h.set("x-goog-stored-content-encoding", o.contentEncoding());
          }
          http.send(200, o.contentType(), bytes);
        } else {
          http.send(200, resource(o));
        }
      }
      case "storage.objects.list" -> {
        m = OBJECTS.matcher(http.path);
        m.matches();
        list(http, Http.decode(m.group(1)));
      }
      case "storage.buckets.insert" -> {
        JsonNode body = http.json();
        String name = body.path("name").asText("");
        if (name.isEmpty()) {
          throw ApiException.invalid("Bucket name is required.");
        }
        createBucket(name, body.path("location").asText(null));
        http.send(200, bucketResource(name));
      }
      case "storage.buckets.get" -> {
        m = BUCKET.matcher(http.path);
        m.matches();
        String name = Http.decode(m.group(1));
        if (!buckets.containsKey(name)) {
          throw ApiException.notFound("The specified bucket does not exist.");
        }
        http.send(200, bucketResource(name));
      }
      case "storage.buckets.list" -> {
        ObjectNode out = Http.JSON.createObjectNode().put("kind", "storage#buckets");
        ArrayNode items = out.putArray("items");
        new TreeSet<>(buckets.keySet()).forEach(b -> items.add(bucketResource(b)));
        http.send(200, out);
      }
      default -> throw ApiException.notFound("Not found: " + http.path);
    }
  }

  private void checkGeneration(Http http, StoredObject existing) {
    String match = http.query.get("ifGenerationMatch");
    if (match != null && Long.parseLong(match) != (existing == null ? 0 : existing.generation())) {
      throw new ApiException(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }
  }

  private void upload(Http http, String bucket) throws IOException {
    requireBucket(bucket);
    String type = http.query.getOrDefault("uploadType", "media");
    String uploadId = http.query.get("upload_id");
    if (uploadId != null) {
      resumablePut(http, uploadId);
      return;
    }
    switch (type) {
      case "multipart" -> {
        String contentType = http.header("Content-Type");
        Matcher b = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType == null ? "" : contentType);
        if (!b.find()) {
          throw ApiException.invalid("Multipart upload without a boundary.");
        }
        List<byte[][]> parts = Multipart.parse(http.body(), b.group(1));
        if (parts.size() != 2) {
          throw ApiException.invalid("Multipart upload needs 2 parts (metadata, media); got " + parts.size());
        }
        JsonNode meta = Http.JSON.readTree(parts.get(0)[1]);
        String partType = new String(parts.get(1)[0], StandardCharsets.ISO_8859_1);
        http.send(200, resource(store(http, bucket, meta, parts.get(1)[1], Multipart.contentType(partType))));
      }
      case "media" -> http.send(200, resource(store(http, bucket, Http.JSON.createObjectNode(), http.body(), http.header("Content-Type"))));
      case "resumable" -> {
        JsonNode meta = http.json();
        String id = UUID.randomUUID().toString().replace("-", "");
        Path file = Files.createTempFile(root, "upload-", ".part");
        uploads.put(id, new Upload(bucket, withName(meta, http), file, new long[] {0}));
        String host = http.header("Host");
        http.exchange.getResponseHeaders().set("Location",
            "http://" + host + "/upload/storage/v1/b/" + enc(bucket) + "/o?uploadType=resumable&upload_id=" + id);
        http.send(200, "application/json; charset=UTF-8", new byte[0]);
      }
      default -> throw ApiException.invalid("Unsupported uploadType " + type);
    }
  }

  private void resumablePut(Http http, String uploadId) throws IOException {
    Upload u = uploads.get(uploadId);
    if (u == null) {
      throw ApiException.notFound("No such upload session: " + uploadId);
    }
    byte[] chunk = http.body();
    String range = http.header("Content-Range");
    Long total = null;
    if (range != null) {
      Matcher rm = RANGE.matcher(range);
      if (!rm.find()) {
        throw ApiException.invalid("Bad Content-Range " + range);
      }
      if (rm.group(2) != null) {
        long first = Long.parseLong(rm.group(2));
        if (first != u.received()[0]) {
          // The client resends from what we persisted; accept only the continuation.
          long skip = u.received()[0] - first;
          if (skip < 0 || skip > chunk.length) {
            throw ApiException.invalid("Chunk starts at " + first + " but " + u.received()[0] + " bytes were persisted");
          }
          chunk = java.util.Arrays.copyOfRange(chunk, (int) skip, chunk.length);
        }
      }
      if (!rm.group(4).equals("*")) {
        total = Long.parseLong(rm.group(4));
      }
    } else {
      total = u.received()[0] + chunk.length;
    }
    if (chunk.length > 0) {
      Files.write(u.file(), chunk, java.nio.file.StandardOpenOption.APPEND);
      u.received()[0] += chunk.length;
    }
    if (total != null && u.received()[0] >= total) {
      uploads.remove(uploadId);
      byte[] bytes = Files.readAllBytes(u.file());
      Files.deleteIfExists(u.file());
      http.send(200, resource(store(http, u.bucket(), u.resource(), bytes, u.resource().path("contentType").asText(null))));
      return;
    }
    if (u.received()[0] > 0) {
      http.exchange.getResponseHeaders().set("Range", "bytes=0-" + (u.received()[0] - 1));
    }
    http.send(308, null, new byte[0]);
  }

  private static JsonNode withName(JsonNode meta, Http http) {
    ObjectNode copy = meta.isObject() ? ((ObjectNode) meta).deepCopy() : Http.JSON.createObjectNode();
    if (!copy.hasNonNull("name") && http.query.get("name") != null) {
      copy.put("name", http.query.get("name"));
    }
    return copy;
  }

  private StoredObject store(Http http, String bucket, JsonNode meta, byte[] bytes, String contentType) throws IOException {
    meta = withName(meta, http);
    String name = meta.path("name").asText("");
    if (name.isEmpty()) {
      throw ApiException.invalid("Object name is required.");
    }
    NavigableMap<String, StoredObject> in = objects.get(bucket);
    synchronized (in) {
      checkGeneration(http, in.get(name));
      long generation = generations.incrementAndGet();
      Path file = root.resolve(bucket).resolve(generation + ".obj");
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      long v = crc.getValue();
      byte[] crcBytes = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
      String type = meta.path("contentType").asText(contentType == null ? "application/octet-stream" : contentType);
      StoredObject o = new StoredObject(bucket, name, generation, bytes.length, type,
          meta.path("contentEncoding").asText(null), Base64.getEncoder().encodeToString(crcBytes),
          Base64.getEncoder().encodeToString(md5(bytes)), Instant.now(), file, meta.path("metadata"));
      StoredObject old = in.put(name, o);
      if (old != null) {
        Files.deleteIfExists(old.file());
      }
      return o;
    }
  }

  private void list(Http http, String bucket) throws IOException {
    requireBucket(bucket);
    String prefix = http.query.getOrDefault("prefix", "");
    String delimiter = http.query.get("delimiter");
    int max = Integer.parseInt(http.query.getOrDefault("maxResults", "1000"));
    String start = http.query.get("pageToken");
    ObjectNode out = Http.JSON.createObjectNode().put("kind", "storage#objects");
    ArrayNode items = out.putArray("items");
    TreeSet<String> prefixes = new TreeSet<>();
    int n = 0;
    NavigableMap<String, StoredObject> in = objects.get(bucket);
    synchronized (in) {
      for (StoredObject o : (start == null ? in : in.tailMap(decodeToken(start), true)).values()) {
        if (!o.name().startsWith(prefix)) {
          if (o.name().compareTo(prefix) > 0) {
            break;
          }
          continue;
        }
        if (n == max) {
          out.put("nextPageToken", Base64.getUrlEncoder().encodeToString(o.name().getBytes(StandardCharsets.UTF_8)));
          break;
        }
        if (delimiter != null) {
          int d = o.name().indexOf(delimiter, prefix.length());
          if (d >= 0) {
            prefixes.add(o.name().substring(0, d + delimiter.length()));
            continue;
          }
        }
        items.add(resource(o));
        n++;
      }
    }
    if (!prefixes.isEmpty()) {
      ArrayNode p = out.putArray("prefixes");
      prefixes.forEach(p::add);
    }
    http.send(200, out);
  }

  private static String decodeToken(String token) {
    return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
  }

  private void requireBucket(String bucket) {
    if (!buckets.containsKey(bucket)) {
      throw ApiException.notFound("The specified bucket does not exist.");
    }
  }

  Optional<StoredObject> find(String bucket, String name) {
    NavigableMap<String, StoredObject> in = objects.get(bucket);
    if (in == null) {
      return Optional.empty();
    }
    synchronized (in) {
      return Optional.ofNullable(in.get(name));
    }
  }

  Optional<String> bucketLocation(String bucket) {
    return Optional.ofNullable(bucketLocations.get(bucket));
  }

  /** The objects a BigQuery source URI names: gs://bucket/exact or gs://bucket/prefix*suffix (one wildcard, as BigQuery allows). */
  List<StoredObject> resolve(String uri) {
    if (!uri.startsWith("gs://")) {
      throw ApiException.invalid("Source URI must start with gs://: " + uri);
    }
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String pattern = slash < 0 ? "" : rest.substring(slash + 1);
    NavigableMap<String, StoredObject> in = objects.get(bucket);
    List<StoredObject> out = new ArrayList<>();
    if (in == null) {
      return out;
    }
    int star = pattern.indexOf('*');
    synchronized (in) {
      if (star < 0) {
        Optional.ofNullable(in.get(pattern)).ifPresent(out::add);
      } else {
        String head = pattern.substring(0, star);
        String tail = pattern.substring(star + 1);
        for (Iterator<StoredObject> it = in.tailMap(head, true).values().iterator(); it.hasNext(); ) {
          StoredObject o = it.next();
          if (!o.name().startsWith(head)) {
            break;
          }
          if (o.name().endsWith(tail) && o.name().length() >= head.length() + tail.length()) {
            out.add(o);
          }
        }
      }
    }
    return out;
  }

  private ObjectNode bucketResource(String name) {
    ObjectNode b = Http.JSON.createObjectNode();
    b.put("kind", "storage#bucket");
    b.put("id", name);
    b.put("name", name);
    b.put("selfLink", "/storage/v1/b/" + enc(name));
    b.put("projectNumber", "1");
    b.put("metageneration", "1");
    b.put("location", bucketLocations.getOrDefault(name, defaultLocation));
    b.put("locationType", bucketLocations.getOrDefault(name, defaultLocation).contains("-") ? "region" : "multi-region");
    b.put("storageClass", "STANDARD");
    b.put("timeCreated", buckets.getOrDefault(name, Instant.EPOCH).toString());
    b.put("updated", buckets.getOrDefault(name, Instant.EPOCH).toString());
    b.put("etag", "CAE=");
    return b;
  }

  private static ObjectNode resource(StoredObject o) {
    ObjectNode r = Http.JSON.createObjectNode();
    r.put("kind", "storage#object");
    r.put("id", o.bucket() + "/" + o.name() + "/" + o.generation());
    r.put("selfLink", "/storage/v1/b/" + enc(o.bucket()) + "/o/" + enc(o.name()));
    r.put("mediaLink", "/download/storage/v1/b/" + enc(o.bucket()) + "/o/" + enc(o.name()) + "?generation=" + o.generation() + "&alt=media");
    r.put("name", o.name());
    r.put("bucket", o.bucket());
    r.put("generation", Long.toString(o.generation()));
    r.put("metageneration", "1");
    r.put("contentType", o.contentType());
    if (o.contentEncoding() != null) {
      r.put("contentEncoding", o.contentEncoding());
    }
    r.put("storageClass", "STANDARD");
    r.put("size", Long.toString(o.size()));
    r.put("md5Hash", o.md5());
    r.put("crc32c", o.crc32c());
    r.put("etag", "C" + o.generation());
    r.put("timeCreated", o.created().toString());
    r.put("updated", o.created().toString());
    r.put("timeStorageClassUpdated", o.created().toString());
    if (o.metadata() != null && o.metadata().isObject()) {
      r.set("metadata", o.metadata());
    }
    return r;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
