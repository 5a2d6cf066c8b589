package org.flowmat.core.spec;

/** How the runtime truncates long strings, deep objects and long arrays before we see them; 0 = no limit. */
public record SerPolicy(long strTruncateAfter, long nestedObjTruncateAfter, long arrayTruncateAfter) {
  public static final SerPolicy NONE = new SerPolicy(0, 0, 0);
}
