package org.flowmat.runtime.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowmat.core.connector.ApplyRequest;
import org.flowmat.core.connector.ApplyResult;
import org.flowmat.core.connector.ConnectorSpec;
import org.flowmat.core.connector.FieldConstraint;
import org.flowmat.core.connector.OpenRequest;
import org.flowmat.core.connector.StoreRequest;
import org.flowmat.core.connector.ValidateRequest;
import org.flowmat.core.connector.ValidatedBinding;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.spec.CollectionSpec;
import org.flowmat.core.spec.ConnectorState;
import org.flowmat.core.spec.Exists;
import org.flowmat.core.spec.FieldSelection;
import org.flowmat.core.spec.Inference;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.MaterializationBinding;
import org.flowmat.core.spec.MaterializationSpec;
import org.flowmat.core.spec.Projection;
import org.flowmat.core.spec.SerPolicy;
import org.flowmat.core.tuple.PackedTuple;
import org.flowmat.runtime.proto.Flow;
import org.flowmat.runtime.proto.Materialize;

/**
 * Translates between Flow's protobuf messages and the engine's plain records, so no protobuf type reaches
 * dialect-core. Raw JSON fields are parsed here, once, and errors name the field they came from.
 */
public final class ProtoMapping {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProtoMapping() {}

  // ---- requests -> engine ----

  public static ValidateRequest validate(Materialize.Request.Validate v) {
    List<ValidateRequest.Binding> bindings =
        v.getBindingsList().stream()
            .map(
                b ->
                    new ValidateRequest.Binding(
                        jsonObject(b.getResourceConfigJson(), "validate.bindings.resourceConfig"),
                        collection(b.getCollection()),
                        jsonMap(b.getFieldConfigJsonMapMap(), "validate.bindings.fieldConfig"),
                        Integer.toUnsignedLong(b.getBackfill()),
                        b.getGroupByList()))
            .toList();
    return new ValidateRequest(
        v.getName(),
        jsonObject(v.getConfigJson(), "validate.config"),
        bindings,
        v.hasLastMaterialization()
            ? Optional.of(materialization(v.getLastMaterialization()))
            : Optional.empty(),
        v.getLastVersion());
  }

  public static ApplyRequest apply(Materialize.Request.Apply a) {
    return new ApplyRequest(
        materialization(a.getMaterialization()),
        a.getVersion(),
        a.hasLastMaterialization() ? Optional.of(materialization(a.getLastMaterialization())) : Optional.empty(),
        a.getLastVersion(),
        a.getStateJson().isEmpty() ? Optional.empty() : Optional.of(json(a.getStateJson(), "apply.state")));
  }

  public static OpenRequest open(Materialize.Request.Open o) {
    KeyRange range =
        o.hasRange()
            ? new KeyRange(
                Integer.toUnsignedLong(o.getRange().getKeyBegin()),
                Integer.toUnsignedLong(o.getRange().getKeyEnd()))
            : KeyRange.FULL;
    return new OpenRequest(
        materialization(o.getMaterialization()), o.getVersion(), range, jsonObject(o.getStateJson(), "open.state"));
  }

  public static StoreRequest store(Materialize.Request.Store s) {
    return new StoreRequest(
        s.getBinding(),
        PackedTuple.wrap(s.getKeyPacked().toByteArray()),
        PackedTuple.wrap(s.getValuesPacked().toByteArray()),
        s.getDocJson().isEmpty() ? Optional.empty() : Optional.of(RawJson.wrap(s.getDocJson().toByteArray())),
        s.getExists(),
        s.getDelete());
  }

  public static MaterializationSpec materialization(Flow.MaterializationSpec m) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (m.hasShardTemplate() && m.getShardTemplate().hasLabels()) {
      m.getShardTemplate().getLabels().getLabelsList().forEach(l -> labels.put(l.getName(), l.getValue()));
    }
    return new MaterializationSpec(
        m.getName(),
        jsonObject(m.getConfigJson(), "materialization.config"),
        m.getBindingsList().stream().map(ProtoMapping::binding).toList(),
        m.getInactiveBindingsList().stream().map(ProtoMapping::binding).toList(),
        labels);
  }

  static MaterializationBinding binding(Flow.MaterializationSpec.Binding b) {
    Flow.FieldSelection fs = b.getFieldSelection();
    return new MaterializationBinding(
        jsonObject(b.getResourceConfigJson(), "bindings.resourceConfig"),
        b.getResourcePathList(),
        collection(b.getCollection()),
        new FieldSelection(
            fs.getKeysList(),
            fs.getValuesList(),
            fs.getDocument(),
            jsonMap(fs.getFieldConfigJsonMapMap(), "bindings.fieldSelection.fieldConfig")),
        b.getDeltaUpdates(),
        Integer.toUnsignedLong(b.getBackfill()),
        b.getStateKey(),
        serPolicy(b.getSerPolicy()));
  }

  static SerPolicy serPolicy(Flow.SerPolicy p) {
    return new SerPolicy(
        Integer.toUnsignedLong(p.getStrTruncateAfter()),
        Integer.toUnsignedLong(p.getNestedObjTruncateAfter()),
        Integer.toUnsignedLong(p.getArrayTruncateAfter()));
  }

  static CollectionSpec collection(Flow.CollectionSpec c) {
    return new CollectionSpec(
        c.getName(),
        c.getKeyList(),
        c.getUuidPtr(),
        c.getPartitionFieldsList(),
        c.getProjectionsList().stream().map(ProtoMapping::projection).toList(),
        optionalJson(c.getWriteSchemaJson(), "collection.writeSchema"),
        optionalJson(c.getReadSchemaJson(), "collection.readSchema"));
  }

  static Projection projection(Flow.Projection p) {
    Flow.Inference i = p.getInference();
    Optional<Inference.StringInference> string =
        i.hasString()
            ? Optional.of(
                new Inference.StringInference(
                    i.getString().getContentType(),
                    i.getString().getFormat(),
                    Integer.toUnsignedLong(i.getString().getMaxLength()),
                    i.getString().getContentEncoding(),
                    i.getString().getStrMinimum(),
                    i.getString().getStrMaximum()))
            : Optional.empty();
    Optional<Inference.NumericInference> numeric =
        i.hasNumeric()
            ? Optional.of(
                new Inference.NumericInference(
                    i.getNumeric().getHasMinimum(),
                    i.getNumeric().getMinimum(),
                    i.getNumeric().getHasMaximum(),
                    i.getNumeric().getMaximum()))
            : Optional.empty();
    Exists exists =
        switch (i.getExists()) {
          case MUST -> Exists.MUST;
          case MAY -> Exists.MAY;
          case IMPLICIT -> Exists.IMPLICIT;
          case CANNOT -> Exists.CANNOT;
          default -> Exists.INVALID;
        };
    return new Projection(
        p.getPtr(),
        p.getField(),
        p.getExplicit(),
        p.getIsPartitionKey(),
        p.getIsPrimaryKey(),
        new Inference(
            i.getTypesList(),
            string,
            i.getTitle(),
            i.getDescription(),
            optionalJson(i.getDefaultJson(), "projection " + p.getField() + " default"),
            i.getSecret(),
            exists,
            numeric));
  }

  // ---- engine -> responses ----

  public static Materialize.Response spec(ConnectorSpec spec) {
    return Materialize.Response.newBuilder()
        .setSpec(
            Materialize.Response.Spec.newBuilder()
                .setProtocol(3032023)
                .setConfigSchemaJson(bytes(spec.configSchema()))
                .setResourceConfigSchemaJson(bytes(spec.resourceConfigSchema()))
                .setDocumentationUrl(spec.documentationUrl()))
        .build();
  }

  /**
   * Validated, in the current form (projection constraints) and, when {@code legacyConstraintsMap}, also the map
   * that runtimes from before mid-2026 read (one constraint per field: the first one given).
   */
  public static Materialize.Response validated(List<ValidatedBinding> bindings, boolean legacyConstraintsMap) {
    Materialize.Response.Validated.Builder validated = Materialize.Response.Validated.newBuilder();
    for (ValidatedBinding b : bindings) {
      Materialize.Response.Validated.Binding.Builder out =
          Materialize.Response.Validated.Binding.newBuilder()
              .addAllResourcePath(b.resourcePath())
              .setDeltaUpdates(b.deltaUpdates())
              .setCaseInsensitiveFields(b.caseInsensitiveFields());
      if (!b.serPolicy().equals(SerPolicy.NONE)) {
        out.setSerPolicy(
            Flow.SerPolicy.newBuilder()
                .setStrTruncateAfter((int) b.serPolicy().strTruncateAfter())
                .setNestedObjTruncateAfter((int) b.serPolicy().nestedObjTruncateAfter())
                .setArrayTruncateAfter((int) b.serPolicy().arrayTruncateAfter()));
      }
      for (FieldConstraint c : b.constraints()) {
        Materialize.Response.Validated.Constraint constraint = constraint(c);
        out.addProjectionConstraints(
            Materialize.Response.Validated.ProjectionConstraint.newBuilder()
                .setField(c.field())
                .setConstraint(constraint));
        if (legacyConstraintsMap && !out.containsConstraints(c.field())) {
          out.putConstraints(c.field(), constraint);
        }
      }
      validated.addBindings(out);
    }
    return Materialize.Response.newBuilder().setValidated(validated).build();
  }

  static Materialize.Response.Validated.Constraint constraint(FieldConstraint c) {
    Materialize.Response.Validated.Constraint.Type type =
        switch (c.type()) {
          case FIELD_REQUIRED -> Materialize.Response.Validated.Constraint.Type.FIELD_REQUIRED;
          case LOCATION_REQUIRED -> Materialize.Response.Validated.Constraint.Type.LOCATION_REQUIRED;
          case LOCATION_RECOMMENDED -> Materialize.Response.Validated.Constraint.Type.LOCATION_RECOMMENDED;
          case FIELD_OPTIONAL -> Materialize.Response.Validated.Constraint.Type.FIELD_OPTIONAL;
          case FIELD_FORBIDDEN -> Materialize.Response.Validated.Constraint.Type.FIELD_FORBIDDEN;
          case INCOMPATIBLE -> Materialize.Response.Validated.Constraint.Type.INCOMPATIBLE;
        };
    return Materialize.Response.Validated.Constraint.newBuilder()
        .setType(type)
        .setReason(c.reason())
        .setFoldedField(c.foldedField())
        .build();
  }

  public static Materialize.Response applied(ApplyResult result) {
    Materialize.Response.Applied.Builder applied =
        Materialize.Response.Applied.newBuilder().setActionDescription(result.actionDescription());
    result.state().ifPresent(s -> applied.setState(state(s)));
    return Materialize.Response.newBuilder().setApplied(applied).build();
  }

  public static Flow.ConnectorState state(ConnectorState state) {
    return Flow.ConnectorState.newBuilder()
        .setUpdatedJson(bytes(state.updated()))
        .setMergePatch(state.mergePatch())
        .build();
  }

  // ---- JSON helpers ----

  static JsonNode json(ByteString bytes, String field) {
    try {
      return JSON.readTree(bytes.newInput());
    } catch (JsonProcessingException e) {
      // The original message names the problem and offset without echoing the input, which may hold secrets.
      throw new IllegalArgumentException(
          field + " is not valid JSON: " + e.getOriginalMessage() + " at offset " + e.getLocation().getCharOffset());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode jsonObject(ByteString bytes, String field) {
    return bytes.isEmpty() ? JsonNodeFactory.instance.objectNode() : json(bytes, field);
  }

  static Optional<JsonNode> optionalJson(ByteString bytes, String field) {
    return bytes.isEmpty() ? Optional.empty() : Optional.of(json(bytes, field));
  }

  static Map<String, JsonNode> jsonMap(Map<String, ByteString> raw, String field) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, json(v, field + "." + k)));
    return out;
  }

  public static ByteString bytes(JsonNode node) {
    try {
      return ByteString.copyFrom(JSON.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize JSON", e);
    }
  }
}
