package dev.croupier.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on 127.0.0.1 for services started by tests. A port can be taken by someone else
 * between this call and the service binding it, so starters retry on "address in use".
 */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /** {@code count} distinct free ports: the sockets are held open together, so they differ. */
  public static int[] free(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // A listening socket that never accepted closes without failing in practice.
        }
      }
    }
  }
}
