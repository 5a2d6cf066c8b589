package org.flowmat.core.dialect;

import org.flowmat.core.model.TablePath;
import org.flowmat.core.spec.KeyRange;

/**
 * Whose plans a {@link PlanApplier} applies: one shard (its full key range) of one materialization, and the table
 * where the engine keeps shards' markers ({@code flowmat_markers} in the endpoint's schema, created by Apply).
 */
public record Shard(String materialization, KeyRange range, TablePath markers) {}
