package org.flowmat.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One batch of source documents that Flow would read and commit as one transaction: documents per binding (the
 * binding index of the materialization), in read order. {@link LocalRuntime} splits it across shards by key; each
 * shard runs its part as one connector transaction.
 */
public record Transaction(List<Document> documents) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Transaction {
    documents = List.copyOf(documents);
  }

  /** One collection document read for binding {@code binding}. */
  public record Document(int binding, JsonNode doc) {
    public Document {
      Objects.requireNonNull(doc, "doc");
      if (!doc.isObject()) {
        throw new IllegalArgumentException("a collection document must be a JSON object: " + doc);
      }
    }
  }

  public static Transaction of(Document... documents) {
    return new Transaction(List.of(documents));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects documents in read order. */
  public static final class Builder {
    private final List<Document> documents = new ArrayList<>();

    public Builder add(int binding, JsonNode doc) {
      documents.add(new Document(binding, doc));
      return this;
    }

    /** Adds a document given as JSON text. */
    public Builder add(int binding, String json) {
      try {
        return add(binding, JSON.readTree(json));
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + json, e);
      }
    }

    public Transaction build() {
      return new Transaction(documents);
    }
  }
}
