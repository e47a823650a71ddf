"""A TCP proxy in front of a real server (PostgreSQL, Redis) that a test can
make misbehave, as an operator's fault test does: ``hang()`` accepts
connections and never answers, ``freeze()`` also stops the connections
already open, midway, without closing them (a server that stops, a network
that drops everything), ``refuse()`` closes them at once, ``resume()``
forwards again."""

import contextlib
import socket
import threading


class OutageProxy:
    def __init__(self, upstream):
        """``upstream``: (host, port), or the path of a Unix socket."""
        self.upstream = upstream
        self.mode = "forward"
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held, self.active = [], []
        self.flowing = threading.Event()  # cleared while frozen
        self.flowing.set()
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self):
        self.mode = "hang"
        self._drop_active()

    def freeze(self):
        """Nothing more passes either way, on any connection, and nothing closes."""
        self.flowing.clear()
        self.mode = "freeze"

    def refuse(self):
        self.mode = "refuse"
        self._drop_active()

    def _drop_active(self):
        """Connections made before the fault break with it."""
        for end in self.active:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        self.active = []

    def resume(self):
        self.mode = "forward"
        self.flowing.set()

    def close(self):
        self.listener.close()
        for held in self.held:
            held.close()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.mode in ("hang", "freeze"):
                self.held.append(client)  # open, and never a byte back
            elif self.mode == "refuse":
                client.close()
            else:
                threading.Thread(target=self._forward, args=(client,), daemon=True).start()

    def _connect(self):
        if isinstance(self.upstream, str):
            server = socket.socket(socket.AF_UNIX)
            server.connect(self.upstream)
            return server
        return socket.create_connection(self.upstream)

    def _forward(self, client):
        try:
            server = self._connect()
        except OSError:
            client.close()
            return
        self.active += [client, server]
        threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()
        self._pipe(client, server)

    def _pipe(self, source, target):
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.close()
