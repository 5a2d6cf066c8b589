package org.flowmat.core.spec;

/**
 * A named field of a collection at a JSON pointer; {@code ptr} is empty for the root document.
 */
public record Projection(
    String ptr,
    String field,
    boolean explicit,
    boolean isPartitionKey,
    boolean isPrimaryKey,
    Inference inference) {

  public boolean isRootDocument() {
    return ptr.isEmpty();
  }
}
