package org.flowmat.runtime.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
  private sealed interface Item {}

  private record Arrived(Response response) implements Item {}

  private record Ended() implements Item {}

  private record Failed(IOException cause) implements Item {}

  private final OutputStream input;
  private final MessageWriter<Request> writer;
  private final BlockingQueue<Item> output = new LinkedBlockingQueue<>();
  private Item terminal;

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
        output.add(new Arrived(r));
      }
      output.add(new Ended());
    } catch (IOException e) {
      output.add(new Failed(e));
    } catch (RuntimeException e) {
      output.add(new Failed(new IOException(e)));
    }
  }

  @Override
  public void send(Request request) throws IOException {
    writer.write(request);
  }

  @Override
  public Response receive(Duration timeout) throws IOException, TimeoutException, InterruptedException {
    Item item = terminal != null ? terminal : output.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (item == null) {
      throw new TimeoutException("no response from " + name() + " within " + timeout);
    }
    return unwrap(item);
  }

  @Override
  public Response poll() throws IOException {
    if (terminal != null) {
      return null;
    }
    Item item = output.peek();
    if (item instanceof Arrived) {
      output.poll();
      return ((Arrived) item).response();
    }
    return null;
  }

  private Response unwrap(Item item) throws IOException {
    if (item instanceof Arrived a) {
      return a.response();
    }
    terminal = item; // EOF and failures repeat on every later call
    if (item instanceof Failed f) {
      throw new IOException("reading the output of " + name() + " failed: " + f.cause().getMessage(), f.cause());
    }
    return null;
  }

  @Override
  public void closeInput() throws IOException {
    input.close();
  }
}
