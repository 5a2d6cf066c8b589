package org.flowmat.runtime.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.flowmat.runtime.codec.Codec;
import org.flowmat.runtime.codec.MessageReader;
import org.flowmat.runtime.codec.MessageWriter;
import org.flowmat.runtime.proto.Materialize.Request;
import org.flowmat.runtime.proto.Materialize.Response;

/**
 * The codec half shared by the channels: requests are encoded onto the connector's input; a daemon thread decodes
 * its output into a queue, so the connector never blocks writing while the runtime is busy writing.
 */
abstract class StreamChannel implements ConnectorChannel {
  private final OutputStream input;
  private final MessageWriter<Request> writer;
  private final ResponseQueue output = new ResponseQueue();

  StreamChannel(Codec codec, OutputStream input, InputStream output, String readerName) {
    this.input = input;
    this.writer = codec.writer(input);
    MessageReader<Response> reader = codec.reader(output, Response.getDefaultInstance());
    Thread pump = new Thread(() -> pump(reader), readerName);
    pump.setDaemon(true);
    pump.start();
  }

  private void pump(MessageReader<Response> reader) {
    try {
      for (Response r; (r = reader.read()) != null; ) {
        output.arrived(r);
      }
      output.ended();
    } catch (IOException | RuntimeException e) {
      IOException cause = e instanceof IOException io ? io : new IOException(e);
      output.failed(new IOException("reading the output of " + name() + " failed: " + cause.getMessage(), cause));
    }
  }

  @Override
  public void send(Request request) throws IOException {
    writer.write(request);
  }

  @Override
  public Response receive(Duration timeout) throws IOException, TimeoutException, InterruptedException {
    return output.receive(timeout, name());
  }

  @Override
  public Response poll() {
    return output.poll();
  }

  @Override
  public void closeInput() throws IOException {
    input.close();
  }
}
