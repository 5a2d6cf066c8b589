package org.flowmat.core.connector;

import java.util.Optional;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.tuple.PackedTuple;

/**
 * One reduced document to store. {@code exists} is false when an insert is safe; {@code delete} marks a deletion.
 * The document is absent when the binding selects no root document.
 */
public record StoreRequest(
    int binding, PackedTuple key, PackedTuple values, Optional<RawJson> doc, boolean exists, boolean delete) {}
