package org.flowmat.runtime.runner;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.flowmat.runtime.runner.ExampleCatalog.CatalogException;

/**
 * Streams one collection's documents, a line at a time. Each document is a JSON object with its key present, a v1
 * {@code /_meta/uuid} (made up when absent) and, if any, a valid {@code /_meta/op}, and it validates against the
 * collection's schema; {@link ExampleCatalog.Collection#documents()} opens one. Not thread-safe.
 */
public final class DocumentReader implements Iterator<ObjectNode>, Closeable {
  private final Path file;
  private final String collection;
  private final List<String> key;
  private final List<JsonPointer> keyPtrs = new ArrayList<>();
  private final boolean defaultOp;
  private final JsonSchema validator;
  private final BufferedReader in;
  private int line;
  private int returnedLine;
  private ObjectNode pending;
  private boolean done;

  DocumentReader(Path file, String collection, List<String> key, boolean defaultOp, JsonSchema validator) {
    this.file = file;
    this.collection = collection;
    this.key = key;
    this.defaultOp = defaultOp;
    this.validator = validator;
    for (String k : key) {
      keyPtrs.add(JsonPointer.compile(k));
    }
    try {
      this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CatalogException(file + ": no such file");
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The file being read. */
  public Path file() {
    return file;
  }

  /** The line number (from 1) of the document {@link #next()} returned last; 0 before the first. */
  public int lineNumber() {
    return returnedLine;
  }

  @Override
  public boolean hasNext() {
    while (pending == null && !done) {
      String text;
      try {
        text = in.readLine();
      } catch (CharacterCodingException e) {
        throw new CatalogException(file + ":" + (line + 1) + ": not UTF-8 text", e);
      } catch (IOException e) {
        throw new CatalogException(file + ":" + (line + 1) + ": cannot read: " + e.getMessage(), e);
      }
      if (text == null) {
        done = true;
        close();
        break;
      }
      line++;
      if (!text.isBlank()) {
        pending = document(text);
      }
    }
    return pending != null;
  }

  /**
   * Passes over the next {@code n} documents (non-blank lines) without parsing them: those an earlier run read, and
   * checked, already. Returns how many there were (fewer at the end of the file).
   */
  public long skip(long n) {
    long skipped = 0;
    if (pending != null && n > 0) {
      pending = null;
      skipped++;
    }
    while (skipped < n && !done) {
      String text;
      try {
        text = in.readLine();
      } catch (IOException e) {
        throw new CatalogException(file + ":" + (line + 1) + ": cannot read: " + e.getMessage(), e);
      }
      if (text == null) {
        done = true;
        close();
        break;
      }
      line++;
      if (!text.isBlank()) {
        skipped++;
      }
    }
    return skipped;
  }

  @Override
  public ObjectNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException(file + ": no more documents");
    }
    ObjectNode doc = pending;
    pending = null;
    returnedLine = line;
    return doc;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // Nothing was written; a failed close of a reader loses nothing.
    }
  }

  private ObjectNode document(String text) {
    JsonNode node;
    try {
      node = ExampleCatalog.READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CatalogException(file + ":" + line + ": not JSON: " + ExampleCatalog.oneLine(e.getOriginalMessage())
          + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
    }
    if (!node.isObject()) {
      throw new CatalogException(file + ":" + line + ": a document must be a JSON object, not "
          + SchemaProjections.describe(node));
    }
    ObjectNode doc = (ObjectNode) node;
    for (int i = 0; i < keyPtrs.size(); i++) {
      JsonNode v = doc.at(keyPtrs.get(i));
      if (v.isMissingNode() || v.isNull()) {
        throw new CatalogException(file + ":" + line + ": the document has no key " + key.get(i)
            + (v.isNull() ? " (it is null)" : ""));
      }
    }
    JsonNode meta = doc.get("_meta");
    if (meta != null && !meta.isObject()) {
      throw new CatalogException(file + ":" + line + ": _meta must be an object, not " + SchemaProjections.describe(meta));
    }
    ObjectNode m = meta == null ? doc.putObject("_meta") : (ObjectNode) meta;
    JsonNode uuid = m.get("uuid");
    if (uuid == null) {
      m.put("uuid", PublicationClock.next().toString());
    } else if (!isV1Uuid(uuid)) {
      throw new CatalogException(file + ":" + line + ": _meta/uuid " + uuid + " is not a v1 UUID (Flow's"
          + " publication clock); leave it out to have one made up");
    }
    JsonNode op = m.get("op");
    if (op == null) {
      if (defaultOp) {
        m.put("op", "u");
      }
    } else if (!op.isTextual() || !Set.of("c", "u", "d").contains(op.textValue())) {
      throw new CatalogException(file + ":" + line + ": _meta/op " + op + " must be \"c\", \"u\" or \"d\"");
    }
    Set<ValidationMessage> errors = validator.validate(doc);
    if (!errors.isEmpty()) {
      List<String> problems = errors.stream()
          .sorted(Comparator.comparing((ValidationMessage v) -> v.getInstanceLocation().toString())
              .thenComparing(ValidationMessage::getMessage))
          .map(ValidationMessage::getMessage)
          .distinct()
          .limit(3)
          .toList();
      throw new CatalogException(file + ":" + line + ": the document does not match the schema of " + collection
          + ": " + String.join("; ", problems) + (errors.size() > problems.size() ? "; …" : ""));
    }
    return doc;
  }

  private static boolean isV1Uuid(JsonNode uuid) {
    if (!uuid.isTextual() || uuid.textValue().length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(uuid.textValue()).version() == 1;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
