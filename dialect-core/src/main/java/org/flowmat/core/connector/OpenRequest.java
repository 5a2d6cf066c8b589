package org.flowmat.core.connector;

import com.fasterxml.jackson.databind.JsonNode;
import org.flowmat.core.spec.KeyRange;
import org.flowmat.core.spec.MaterializationSpec;

/** Open a transactions session for one shard; {@code state} is the connector state recovered from Flow's log. */
public record OpenRequest(MaterializationSpec materialization, String version, KeyRange range, JsonNode state) {}
