package org.flowmat.runtime.session;

import org.flowmat.runtime.proto.Materialize;

/** Where a transport delivers what it reads: requests in order, then exactly one of end or fail. */
public interface RequestSink {
  /** Blocks while too many requests are queued, which pushes back on the peer. */
  void accept(Materialize.Request request) throws InterruptedException;

  void end();

  void fail(Throwable cause);
}
