"""A fault-injecting HTTP/1.1 TCP proxy for tests: drops a request before forwarding it, drops the response after
the server handled (committed) it, or cuts the response in the middle. One decision per request."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Callable

PASS, DROP_BEFORE, DROP_AFTER, CUT = "pass", "drop_before", "drop_after", "cut_response"


def _read_message(sock: socket.socket, buffer: bytearray) -> bytes | None:
    """One HTTP message with a Content-Length body (our API never chunks); None when the peer closed."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    message = bytes(buffer[: head_end + length])
    del buffer[: head_end + length]
    return message


class FaultProxy:
    """Listens on 127.0.0.1; `plan(method, path)` names the fault for each request."""

    def __init__(self, upstream: tuple[str, int], plan: Callable[[str, str], str]) -> None:
        self.upstream = upstream
        self.plan = plan
        self.applied: Counter[tuple[str, str]] = Counter()  # (path kind, fault) -> count
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self._stopped = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stopped = True
        self._server.close()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        buffer, up_buffer = bytearray(), bytearray()
        try:
            while True:
                request = _read_message(client, buffer)
                if request is None:
                    return
                method, path = request.split(b" ", 2)[:2]
                kind = "batch" if b"/batches" in path else path.split(b"?")[0].decode()
                fault = self.plan(method.decode(), path.decode())
                with self._lock:
                    self.applied[(kind, fault)] += 1
                if fault == DROP_BEFORE:
                    return
                if upstream is None:
                    upstream = socket.create_connection(self.upstream)
                upstream.sendall(request)
                response = _read_message(upstream, up_buffer)
                if response is None or fault == DROP_AFTER:
                    return
                if fault == CUT:
                    client.sendall(response[: max(1, len(response) // 2)])
                    return
                client.sendall(response)
        except OSError:
            return
        finally:
            client.close()
            if upstream is not None:
                upstream.close()
