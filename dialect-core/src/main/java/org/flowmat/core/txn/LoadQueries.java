package org.flowmat.core.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmat.core.connector.Transactor.LoadedSink;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.StagingArea;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.model.Column;
import org.flowmat.core.model.Table;
import org.flowmat.core.tuple.TupleValue;

/**
 * The Load phase: stages each binding's Load keys as they arrive, and at Flush answers them with queries joining the
 * staged keys to the tables (one per binding, or one for all bindings with documents when the dialect asks), bounded
 * by the keys' range. Tables known to be empty need no query. The staged keys are deleted after Flush.
 */
final class LoadQueries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Dialect dialect;
  private final TransactionSql sql;
  private final WarehouseClient client;
  private final StagingArea staging;
  private final String nonce;
  private final Map<Integer, StagedBinding> loads = new LinkedHashMap<>();

  LoadQueries(Dialect dialect, TransactionSql sql, WarehouseClient client, StagingArea staging, String nonce) {
    this.dialect = dialect;
    this.sql = sql;
    this.client = client;
    this.staging = staging;
    this.nonce = nonce;
  }

  void add(Table table, List<TupleValue> key) throws java.io.IOException {
    StagedBinding staged = loads.get(table.binding());
    if (staged == null) {
      staged = StagedBinding.open(staging, "load_" + table.binding() + "_" + nonce, table, false, dialect.types(),
          sql.keyBounds(table));
      loads.put(table.binding(), staged);
    }
    staged.bounds.add(key);
    staged.rows.write(key, List.of(), null, false, false);
  }

  /**
   * Answers every staged Load into {@code sink}; {@code knownEmpty} by binding index. Counts each binding's keys,
   * documents found, bytes staged and time into {@code stats}; one query for several bindings counts for each.
   */
  void flush(LoadedSink counted, boolean[] knownEmpty, TxnStats stats) throws Exception {
    LoadedSink sink = (binding, doc) -> {
      stats.of(binding).loadFound++;
      counted.loaded(binding, doc);
    };
    try {
      List<String> union = new ArrayList<>();
      List<TxnStats.Binding> inUnion = new ArrayList<>();
      for (StagedBinding staged : loads.values()) {
        long started = System.nanoTime();
        TxnStats.Binding b = stats.of(staged.table.binding());
        List<String> files = staged.finish();
        b.loadBytes += staged.files.bytes();
        try {
          if (knownEmpty[staged.table.binding()]) {
            continue; // nothing was ever stored: no key can be found
          }
          String query = sql.load(staged.table, files.stream().map(staging::reference).toList(),
              staged.rows.longest(), sql.render(staged.table, staged.bounds));
          if (dialect.oneLoadQuery() && staged.table.document().isPresent()) {
            union.add(query);
            inUnion.add(b);
          } else {
            run(query, staged.table, sink);
          }
        } finally {
          b.loadNanos += System.nanoTime() - started;
        }
      }
      if (!union.isEmpty()) {
        long started = System.nanoTime();
        String query = union.size() == 1 ? union.get(0) : sql.loadAll(union);
        client.transaction(txn -> {
          txn.query(query, row -> sink.loaded((int) row.number(0), RawJson.of(row.string(1))));
          return null;
        });
        long took = System.nanoTime() - started;
        inUnion.forEach(b -> b.loadNanos += took);
      }
    } finally {
      discard();
    }
  }

  private void run(String query, Table table, LoadedSink sink) throws Exception {
    int binding = table.binding();
    if (table.document().isPresent()) {
      client.transaction(txn -> {
        txn.query(query, row -> sink.loaded(binding, RawJson.of(row.string(1))));
        return null;
      });
      return;
    }
    List<Column> columns = new ArrayList<>(table.keys());
    columns.addAll(table.values());
    client.transaction(txn -> {
      txn.query(query, row -> sink.loaded(binding, rebuild(columns, row)));
      return null;
    });
  }

  /** Deletes every staged Load file: after Flush, or when the session ends before it. */
  void discard() {
    loads.values().forEach(s -> s.discard(staging));
    loads.clear();
  }

  /** A document rebuilt from columns, each placed at its projection's JSON pointer, for bindings without a document. */
  private static RawJson rebuild(List<Column> columns, WarehouseClient.Row row) throws Exception {
    ObjectNode doc = JSON.createObjectNode();
    for (int i = 0; i < columns.size(); i++) {
      if (row.isNull(i)) {
        continue;
      }
      String[] path = columns.get(i).projection().ptr().substring(1).split("/", -1);
      ObjectNode parent = doc;
      for (int p = 0; p < path.length - 1; p++) {
        JsonNode child = parent.get(unescape(path[p]));
        parent = child instanceof ObjectNode o ? o : parent.putObject(unescape(path[p]));
      }
      parent.set(unescape(path[path.length - 1]), JSON.readTree(row.string(i)));
    }
    return RawJson.wrap(JSON.writeValueAsBytes(doc));
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
