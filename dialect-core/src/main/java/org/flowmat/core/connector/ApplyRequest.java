package org.flowmat.core.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.flowmat.core.spec.MaterializationSpec;

/**
 * Apply the spec to the warehouse. {@code lastMaterialization} is the last successfully applied spec; {@code state}
 * the connector state, which may hold a plan still to be applied.
 */
public record ApplyRequest(
    MaterializationSpec materialization,
    String version,
    Optional<MaterializationSpec> lastMaterialization,
    String lastVersion,
    Optional<JsonNode> state) {}
