package org.flowmat.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowmat.core.apply.ApplyPlanner;
import org.flowmat.core.config.ConfigValidator;
import org.flowmat.core.config.FeatureFlags;
import org.flowmat.core.config.SyncSchedule;
import org.flowmat.core.connector.ApplyRequest;
import org.flowmat.core.connector.ApplyResult;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.MaterializationConnector;
import org.flowmat.core.connector.OpenRequest;
import org.flowmat.core.connector.Opened;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ValidatedBinding;
import org.flowmat.core.dialect.Dialect;
import org.flowmat.core.dialect.Endpoint;
import org.flowmat.core.dialect.PlanApplier;
import org.flowmat.core.dialect.ResourceConfig;
import org.flowmat.core.dialect.Shard;
import org.flowmat.core.dialect.WarehouseClient;
import org.flowmat.core.model.InfoSchema;
import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.core.txn.SqlTransactor;
import org.flowmat.core.validate.BindingValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine every SQL warehouse shares: a {@link MaterializationConnector} made of a {@link Dialect}'s parts.
 * Configs are checked against their published schemas before anything touches the warehouse.
 */
public final class SqlConnector implements MaterializationConnector {
  private static final Logger LOG = LoggerFactory.getLogger(SqlConnector.class);

  private final Dialect dialect;
  private final SerPolicy serPolicy;
  // Compiled once here: a connector validates every request's configs against the same two schemas.
  private final ConfigValidator endpointSchema;
  private final ConfigValidator resourceSchema;
  private final ResourceConfig.Keys resourceKeys;
  private final Duration defaultSyncFrequency;

  public SqlConnector(Dialect dialect, SerPolicy serPolicy) {
    this.dialect = dialect;
    this.serPolicy = serPolicy;
    this.endpointSchema = ConfigValidator.compile(dialect.spec().configSchema());
    this.resourceSchema = ConfigValidator.compile(dialect.spec().resourceConfigSchema());
    this.resourceKeys = ResourceConfig.Keys.of(dialect.spec().resourceConfigSchema());
    this.defaultSyncFrequency = defaultSyncFrequency(dialect.spec().configSchema());
  }

  /**
   * The {@code syncFrequency} default the dialect's endpoint schema publishes (one place for what users read and what
   * runs); Estuary's 30 minutes when it publishes none.
   */
  public static Duration defaultSyncFrequency(JsonNode configSchema) {
    JsonNode d = configSchema.path("properties").path("syncSchedule").path("properties").path("syncFrequency")
        .path("default");
    return d.isTextual() ? SyncSchedule.frequency(d.asText()) : SyncSchedule.ESTUARY_DEFAULT;
  }

  /** The sync schedule of an endpoint config, with this dialect's default frequency. */
  public SyncSchedule syncSchedule(JsonNode config) {
    return SyncSchedule.of(config, defaultSyncFrequency);
  }

  @Override
  public ConnectorSpec spec() {
    return dialect.spec();
  }

  /** Parses an endpoint config after checking it against the published schema. */
  public Endpoint endpoint(JsonNode config) {
    endpointSchema.validate(config, "endpoint config");
    return dialect.endpoint(config);
  }

  @Override
  public List<ValidatedBinding> validate(ValidateRequest request) throws Exception {
    Endpoint endpoint = endpoint(request.config());
    syncSchedule(request.config()); // a bad schedule fails Validate, not the first Open
    List<TablePath> paths = new ArrayList<>();
    List<Boolean> delta = new ArrayList<>();
    // Two paths are one table when the warehouse's rule for table names says so (DuckDB: ASCII case ignored).
    Map<String, Integer> seen = new HashMap<>();
    Dialect dialect = this.dialect.configuredBy(endpoint);
    ApplyPlanner planner = new ApplyPlanner(dialect, endpoint);
    for (int i = 0; i < request.bindings().size(); i++) {
      ValidateRequest.Binding b = request.bindings().get(i);
      String what = "resource config of binding " + i + " (collection " + b.collection().name() + ")";
      resourceSchema.validate(b.resourceConfig(), what);
      ResourceConfig resource = resourceKeys.read(b.resourceConfig());
      TablePath path = endpoint.tablePath(resource);
      planner.requireNotMetadata(path, "binding " + i + " (collection " + b.collection().name() + ")");
      Integer other = seen.putIfAbsent(dialect.identifiers().table(path).key(), i);
      if (other != null) {
        throw new ConnectorException("bindings " + other + " and " + i + " both materialize into table " + path
            + "; each binding needs its own table");
      }
      paths.add(path);
      delta.add(resource.deltaUpdates());
    }
    InfoSchema info;
    try (WarehouseClient client = endpoint.connect(true)) {
      info = client.introspect(paths);
    }
    Map<List<String>, MaterializationBinding> lastByPath =
        request.lastMaterialization().map(MaterializationSpec::bindingsByPath).orElse(Map.of());
    BindingValidator validator =
        new BindingValidator(dialect.identifiers(), dialect.types(), serPolicy, FeatureFlags.of(request.config()));
    List<ValidatedBinding> out = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      TablePath path = paths.get(i);
      out.add(validator.validate(new BindingValidator.Proposal(
          i, request.bindings().get(i), path, delta.get(i), info.table(path),
          Optional.ofNullable(lastByPath.get(path.components())))));
    }
    return out;
  }

  @Override
  public ApplyResult apply(ApplyRequest request) throws Exception {
    return apply(request, false);
  }

  @Override
  public ApplyResult planApply(ApplyRequest request) throws Exception {
    return apply(request, true);
  }

  private ApplyResult apply(ApplyRequest request, boolean dryRun) throws Exception {
    Endpoint endpoint = endpoint(request.materialization().config());
    ApplyPlanner planner = new ApplyPlanner(dialect.configuredBy(endpoint), endpoint);
    MaterializationSpec next = request.materialization();
    for (int i = 0; i < next.bindings().size(); i++) {
      // Before connecting: a refused spec creates nothing, not even the database file.
      planner.requireNotMetadata(new TablePath(next.bindings().get(i).resourcePath()), "binding " + i);
    }
    try (WarehouseClient client = endpoint.connect(dryRun)) {
      InfoSchema info = client.introspect(planner.tablesOf(next));
      List<String> statements = planner.plan(next, request.lastMaterialization(), info);
      if (!statements.isEmpty() && !dryRun) {
        LOG.atInfo().addKeyValue("statements", statements.size()).log("applying");
        client.execute(statements);
      }
      return ApplyResult.of(ApplyPlanner.describe(statements));
    }
  }

  @Override
  public Opened open(OpenRequest request) throws Exception {
    Endpoint endpoint = endpoint(request.materialization().config());
    SyncSchedule schedule = syncSchedule(request.materialization().config());
    Dialect configured = dialect.configuredBy(endpoint);
    WarehouseClient client = endpoint.connect(false);
    try {
      TablePath markers = new ApplyPlanner(configured, endpoint).markersTable();
      if (client.introspect(List.of(markers)).table(markers).isEmpty()) {
        throw new ConnectorException("table " + markers + " does not exist: Apply has not run against this endpoint");
      }
      String materialization = request.materialization().name();
      PlanApplier applier = endpoint.applier(configured, client, new Shard(materialization, request.range(), markers));
      SqlTransactor transactor = SqlTransactor.open(configured, client, endpoint.staging(materialization, request.range()),
          applier, endpoint.hardDelete(), request.materialization(), request.range(), request.state());
      return new Opened(transactor, false, schedule);
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }
}
