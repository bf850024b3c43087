package dev.ferry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between Ferry and a real server, that breaks the network on demand: it
 * cuts a connection (both sockets closed) or stalls it (nothing forwarded either way, sockets left
 * open, like a dead link without a reset) once the client has sent a given number of bytes on it,
 * and can refuse new connections (the server unreachable).
 */
public final class TcpProxy implements AutoCloseable {
  /** What happens to a connection once its client has sent enough. */
  public enum Fault {
    CUT,
    STALL
  }

  private final InetSocketAddress upstream;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicBoolean refusing = new AtomicBoolean();
  private final AtomicInteger faultsLeft = new AtomicInteger();
  private final AtomicInteger faultsDone = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Fault fault;
  private volatile long afterBytes;
  private volatile boolean refuseAfterFault;

  public TcpProxy(String host, int port) throws IOException {
    this.upstream = new InetSocketAddress(host, port);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /**
   * The next {@code times} connections whose client sends more than {@code bytes} meet the fault
   * there.
   */
  public void arm(Fault fault, long bytes, int times) {
    this.fault = fault;
    this.afterBytes = bytes;
    faultsLeft.set(times);
  }

  /** As {@link #arm}, and from the fault on new connections are refused (the server gone). */
  public void armThenRefuse(Fault fault, long bytes) {
    refuseAfterFault = true;
    arm(fault, bytes, 1);
  }

  /** How many connections met the fault so far. */
  public int faults() {
    return faultsDone.get();
  }

  /** New connections are closed at once (true) or forwarded again (false). */
  public void refuse(boolean refuse) {
    refusing.set(refuse);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (refusing.get()) {
          client.close();
          continue;
        }
        Socket server = new Socket();
        server.connect(upstream, 5000);
        sockets.add(client);
        sockets.add(server);
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        Thread.ofPlatform().daemon().start(() -> pump(client, server, sent, stalled, true));
        Thread.ofPlatform()
            .daemon()
            .start(() -> pump(server, client, new AtomicLong(), stalled, false));
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  private void pump(
      Socket from, Socket to, AtomicLong count, AtomicBoolean stalled, boolean fromClient) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      while (true) {
        if (stalled.get()) {
          // forward nothing more, keep both sockets open until the proxy closes
          closed.await();
          return;
        }
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        if (fromClient && count.addAndGet(n) > afterBytes && fault != null) {
          if (faultsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            if (refuseAfterFault) {
              refusing.set(true);
            }
            faultsDone.incrementAndGet();
            if (fault == Fault.CUT) {
              from.close();
              to.close();
              return;
            }
            stalled.set(true);
            continue;
          }
        }
        if (stalled.get()) {
          continue;
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the other side closed, or the fault closed it: this direction ends
    } finally {
      if (!stalled.get()) {
        closeQuietly(from);
        closeQuietly(to);
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    listener.close();
    sockets.forEach(TcpProxy::closeQuietly);
  }
}
