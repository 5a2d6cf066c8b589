package org.flowmat.runtime.session;

/**
 * How Validated reports constraints. Current runtimes read {@code projectionConstraints}; runtimes from before
 * mid-2026 read only the legacy per-field map, which {@link #WITH_LEGACY_MAP} adds alongside.
 */
public enum ValidatedForm {
  CURRENT,
  WITH_LEGACY_MAP
}
