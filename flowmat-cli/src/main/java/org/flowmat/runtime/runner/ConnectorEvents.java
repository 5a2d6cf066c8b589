package org.flowmat.runtime.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the connector's stderr for its structured events: the per transaction and binding {@code transaction stats}
 * (dialect-core's {@code org.flowmat.core.txn.TxnStats}), summed per table for the run's summary. Only plans applied
 * now count: a replayed plan (after a kill) applied nothing the first application had not.
 */
final class ConnectorEvents implements java.util.function.Consumer<String> {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String STATS = "transaction stats";

  /** One table's totals. */
  static final class Totals {
    long transactions;
    long inserted;
    long updated;
    long deleted;
    long merged;
    long loadKeys;
    long loadBytes;
    long storeBytes;
    double loadMs;
    double storeMs;
    double applyMs;
  }

  private final Map<String, Totals> tables = new LinkedHashMap<>();
  private long events;

  @Override
  public void accept(String line) {
    if (!line.contains(STATS)) {
      return;
    }
    JsonNode event;
    try {
      event = JSON.readTree(line);
    } catch (IOException e) {
      return; // not a JSON line
    }
    JsonNode f = event.path("fields");
    if (!event.path("msg").asText().equals(STATS) || !f.path("appliedNow").asBoolean(false)) {
      return;
    }
    synchronized (this) {
      events++;
      Totals t = tables.computeIfAbsent(f.path("table").asText(), k -> new Totals());
      t.transactions++;
      JsonNode rows = f.path("rows");
      t.inserted += rows.path("inserted").asLong();
      t.updated += rows.path("updated").asLong();
      t.deleted += rows.path("deleted").asLong();
      t.merged += rows.path("merged").asLong();
      t.loadKeys += f.path("load").path("keys").asLong();
      t.loadBytes += f.path("bytesStaged").path("load").asLong();
      t.storeBytes += f.path("bytesStaged").path("store").asLong();
      t.loadMs += f.path("ms").path("load").asDouble();
      t.storeMs += f.path("ms").path("store").asDouble();
      t.applyMs += f.path("ms").path("apply").asDouble();
    }
  }

  /** The totals of a table ({@code schema.table}), if the connector reported any. */
  synchronized Optional<Totals> table(String table) {
    return Optional.ofNullable(tables.get(table));
  }

  synchronized long events() {
    return events;
  }
}
