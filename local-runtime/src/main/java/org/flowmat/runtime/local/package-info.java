/**
 * A local model of Flow's runtime for materializations: it plays Flow's part against a connector, so connectors can
 * be exercised end to end (and crashed on purpose) without Flow.
 *
 * <ul>
 *   <li>{@link org.flowmat.runtime.local.DocumentExtractor}: a collection document to what a Store carries (packed
 *       key and values, document JSON), by Flow's projection rules.
 *   <li>{@link org.flowmat.runtime.local.Reducer}: how two documents of one key combine (last write wins, or a deep
 *       merge), chosen per collection.
 *   <li>{@link org.flowmat.runtime.local.ConnectorChannel}: a running connector; {@link
 *       org.flowmat.runtime.local.ProcessChannel} (a child process) and {@link
 *       org.flowmat.runtime.local.InProcessChannel} (a thread of this JVM).
 *   <li>{@link org.flowmat.runtime.local.LocalRuntime}: the protocol driver: sessions per shard, pipelined
 *       transactions, recovery-log commits, {@link org.flowmat.runtime.local.KillPoint kills} and replay, and the
 *       {@link org.flowmat.runtime.local.ExpectedContent expected content} to compare an endpoint with.
 *   <li>{@link org.flowmat.runtime.local.Shards}: key ranges and the key hash that routes documents to shards.
 *   <li>{@link org.flowmat.runtime.local.ConnectorRun}: one request list through a connector (in-process or a child
 *       process) with its responses, stderr and exit code, for tests of the launcher and of connector images.
 * </ul>
 *
 * <p>Module {@code local-runtime}: the testkit and the {@code flowmat} CLI use it; no connector image carries it.
 *
 * <p>What the model does not do: SerPolicy truncation, Flow's max-key load optimization (every key of a standard
 * binding is loaded), schema-driven reductions, runtime v2's multi-shard state patches, and concurrent shards.
 */
package org.flowmat.runtime.local;
