package org.flowmat.core.dialect;

import org.flowmat.core.tuple.TupleValue;

/**
 * Turns one packed value into the form a column's staged JSON must hold for the warehouse to read it, chosen per column
 * type by {@link TypeMapping#stager}. Runs at Store (and Load), so a value the warehouse cannot take is refused there,
 * with the binding, field and key named, and never fails the apply of a committed plan.
 *
 * <p>A stager returns its argument itself for a value already in the staged form: that path allocates nothing.
 */
@FunctionalInterface
public interface ValueStager {
  /** Stages every value as packed. */
  ValueStager AS_IS = v -> v;

  /**
   * The value to stage for {@code value} (often {@code value} itself).
   *
   * @throws Refused if the column cannot hold the value
   */
  TupleValue stage(TupleValue value);

  /** A value the column cannot hold, and why, e.g. "beyond the 64-bit range of a BIGINT column". */
  final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
