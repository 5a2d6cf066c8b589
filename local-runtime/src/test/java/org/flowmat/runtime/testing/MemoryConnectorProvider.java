package org.flowmat.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.flowmat.core.connector.ApplyRequest;
import org.flowmat.core.connector.ApplyResult;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConnectorProvider;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.ConstraintType;
import org.flowmat.core.connector.FieldConstraint;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.connector.OpenRequest;
import org.flowmat.core.connector.Opened;
import org.flowmat.core.connector.StoreRequest;
import org.flowmat.core.connector.Transactor;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ValidatedBinding;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.Projection;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.core.tuple.PackedTuple;

/**
 * A test-only connector that keeps tables in memory, so the adapter's tests can drive whole sessions before any
 * warehouse exists. It follows the real engine's shape: Store stages, StartCommit returns a plan as state, and
 * Acknowledge applies it on another thread (so Loads of the next transaction arrive while it runs).
 */
public final class MemoryConnectorProvider implements ConnectorProvider {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public MaterializationConnector create() {
    return new Memory();
  }

  static final class Memory implements MaterializationConnector {
    private final Map<String, Map<PackedTuple, RawJson>> tables = new LinkedHashMap<>();

    @Override
    public ConnectorSpec spec() {
      ObjectNode config = JSON.createObjectNode().put("type", "object");
      config.putObject("properties").putObject("password").put("type", "string").put("secret", true);
      ObjectNode resource = JSON.createObjectNode().put("type", "object");
      ObjectNode props = resource.putObject("properties");
      props.putObject("table").put("type", "string").put("x-collection-name", true);
      props.putObject("delta_updates").put("type", "boolean").put("x-delta-updates", true);
      resource.putArray("required").add("table");
      return new ConnectorSpec(config, resource, "");
    }

    @Override
    public List<ValidatedBinding> validate(ValidateRequest request) {
      failIfAsked(request.config(), "validate");
      List<ValidatedBinding> out = new ArrayList<>();
      for (ValidateRequest.Binding b : request.bindings()) {
        List<FieldConstraint> constraints = new ArrayList<>();
        for (Projection p : b.collection().projections()) {
          ConstraintType type =
              p.isPrimaryKey() || p.isRootDocument() ? ConstraintType.LOCATION_REQUIRED : ConstraintType.FIELD_OPTIONAL;
          constraints.add(new FieldConstraint(p.field(), type, "memory connector"));
        }
        out.add(
            new ValidatedBinding(
                List.of(b.resourceConfig().path("table").asText()),
                b.resourceConfig().path("delta_updates").asBoolean(),
                false,
                SerPolicy.NONE,
                constraints));
      }
      return out;
    }

    @Override
    public ApplyResult apply(ApplyRequest request) {
      failIfAsked(request.materialization().config(), "apply");
      StringBuilder action = new StringBuilder();
      for (MaterializationBinding b : request.materialization().bindings()) {
        action.append(action.length() == 0 ? "" : "\n").append("create table ").append(String.join(".", b.resourcePath()));
      }
      return ApplyResult.of(action.toString());
    }

    @Override
    public Opened open(OpenRequest request) {
      failIfAsked(request.materialization().config(), "open");
      List<String> stateKeys = request.materialization().bindings().stream().map(MaterializationBinding::stateKey).toList();
      request.materialization().bindings().forEach(b -> tables.computeIfAbsent(b.stateKey(), k -> new LinkedHashMap<>()));
      return new Opened(new MemoryTransactor(stateKeys), false);
    }

    private static void failIfAsked(JsonNode config, String step) {
      if (config.path("failAt").asText().equals(step)) {
        throw new ConnectorException(
            "memory connector told to fail at " + step + " (password " + config.path("password").asText() + ")");
      }
    }

    final class MemoryTransactor implements Transactor {
      private final List<String> stateKeys;
      private final List<Map.Entry<Integer, PackedTuple>> loads = new ArrayList<>();
      private final List<StoreRequest> staged = new ArrayList<>();
      private List<StoreRequest> committed = List.of();

      MemoryTransactor(List<String> stateKeys) {
        this.stateKeys = stateKeys;
      }

      @Override
      public void load(int binding, PackedTuple key) {
        loads.add(Map.entry(binding, key));
      }

      @Override
      public Optional<ConnectorState> flush(LoadedSink sink) throws Exception {
        for (Map.Entry<Integer, PackedTuple> load : loads) {
          RawJson doc = tables.get(stateKeys.get(load.getKey())).get(load.getValue());
          if (doc != null) {
            sink.loaded(load.getKey(), doc);
          }
        }
        loads.clear();
        return Optional.empty();
      }

      @Override
      public void store(StoreRequest request) {
        staged.add(request);
      }

      @Override
      public Optional<ConnectorState> startCommit(byte[] runtimeCheckpoint) {
        committed = List.copyOf(staged);
        staged.clear();
        ObjectNode plan = JSON.createObjectNode();
        Map<Integer, Integer> rows = new LinkedHashMap<>();
        committed.forEach(s -> rows.merge(s.binding(), 1, Integer::sum));
        rows.forEach((binding, n) -> plan.putObject(stateKeys.get(binding)).put("rows", n));
        return Optional.of(ConnectorState.mergePatch(plan));
      }

      @Override
      public CompletionStage<Optional<ConnectorState>> acknowledge() {
        List<StoreRequest> toApply = committed;
        committed = List.of();
        return CompletableFuture.supplyAsync(
            () -> {
              if (toApply.isEmpty()) {
                return Optional.empty();
              }
              ObjectNode clear = JSON.createObjectNode();
              for (StoreRequest s : toApply) {
                Map<PackedTuple, RawJson> table = tables.get(stateKeys.get(s.binding()));
                if (s.delete()) {
                  table.remove(s.key());
                } else {
                  table.put(s.key(), s.doc().orElse(RawJson.of("{}")));
                }
                clear.putNull(stateKeys.get(s.binding()));
              }
              return Optional.of(ConnectorState.mergePatch(clear));
            });
      }
    }
  }
}
