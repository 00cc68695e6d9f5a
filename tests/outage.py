"""A real network path to a real server that a test can cut and restore: a TCP relay on
loopback. While cut, the relay's connections are closed and new ones refused, as when the
server restarts or the network between goes down; the server itself runs on, for the test's
own connections and the rest of the suite."""

import socket
import threading


class Relay:
    def __init__(self, host, port):
        self.target = (host, port)
        self.lock = threading.Lock()
        self.pairs = []
        self.listener = None
        self.port = None
        self.restore()

    def restore(self):
        """Accept connections (again), on the same port."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        """Close every relayed connection and refuse new ones until ``restore``."""
        listener, self.listener = self.listener, None
        try:
            listener.shutdown(socket.SHUT_RDWR)  # stops listening and wakes the thread in accept()
        except OSError:
            pass
        listener.close()
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for end in pair:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def close(self):
        if self.listener is not None:
            self.cut()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
