package org.flowmat.runtime.local;

import com.google.protobuf.Message;

/**
 * One entry of a run's transcript (see {@link LocalRuntime.Builder#recordTranscript}): a message written to or read
 * from a connector, or a runtime-side event.
 *
 * @param shard index of the shard in {@link LocalRuntime#shards()}
 * @param session the shard's session number, from 1 (a restart starts a new session)
 * @param type what happened
 * @param message the request ({@link Type#SENT}) or response ({@link Type#RECEIVED}); null for other types
 * @param note details: the transaction id for {@link Type#COMMITTED}, the exit code for {@link Type#EXITED}, the kill
 *     point for {@link Type#KILLED}
 */
public record WireEvent(int shard, int session, Type type, Message message, String note) {

  public enum Type {
    /** A connector was started for a new session. */
    STARTED,
    SENT,
    RECEIVED,
    /** The runtime committed a transaction: it read StartedCommit (Flow's recovery-log commit). */
    COMMITTED,
    /** The runtime killed the connector at a kill point. */
    KILLED,
    /** The connector exited after a clean shutdown. */
    EXITED
  }

  @Override
  public String toString() {
    String what = message == null ? "" : " " + LocalRuntime.kindOf(message);
    return "shard " + shard + " session " + session + " " + type + what + (note.isEmpty() ? "" : " " + note);
  }
}
