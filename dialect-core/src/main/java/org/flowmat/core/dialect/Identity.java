package org.flowmat.core.dialect;

/**
 * A name as the warehouse tells names apart: {@code name} is how statements spell it, {@code key} what the warehouse
 * compares (its case folding applied). Two names are the same column, table or schema exactly when their keys are
 * equal; {@link Identifiers} makes every identity, so that Validate, Apply and the transactions use one rule.
 */
public record Identity(String name, String key) {
  public boolean sameAs(Identity other) {
    return key.equals(other.key);
  }
}
