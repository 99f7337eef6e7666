"""A man in the middle for the sync tests: an HTTP server on 127.0.0.1 in front of a real central store.

Every request is forwarded to the central store, then `answer(path, since, body)` may replace the answer's JSON
(a change-feed page the store never wrote, a server time from 1970): what a buggy central store, or anyone on a
misconfigured TLS, could send to a station. `headers(path, headers)` may replace the answer's headers the same way
(the central store's word on the station, desktop/sync/standing.py: dropped, as an older store sends none, or forged).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

# (path, the `since` asked for or None, the central store's JSON answer) -> the JSON to send instead, or None
Answer = Callable[[str, int | None, Any], Any]
# (path, the central store's answer headers but the framing ones) -> the headers to send instead
Headers = Callable[[str, list[tuple[str, str]]], list[tuple[str, str]]]


class Middle:
    """The running server: `base_url`, the requests seen as (method, path, since), the rule in `answer`."""

    def __init__(self, upstream: str, answer: Answer, headers: Headers | None = None) -> None:
        self.answer = answer
        self.headers = headers
        self.seen: list[tuple[str, str, int | None]] = []
        self._upstream = httpx.Client(base_url=upstream, timeout=10)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def requests_to(self, path: str) -> int:
        return sum(1 for _, p, _ in self.seen if p == path)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._upstream.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        middle = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                since_values = parse_qs(url.query).get("since")
                since = int(since_values[0]) if since_values else None
                middle.seen.append((self.command, url.path, since))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                real = middle._upstream.request(self.command, self.path, content=body, headers=headers)
                content = real.content
                if real.status_code == 200 and real.headers.get("content-type", "").startswith("application/json"):
                    replaced = middle.answer(url.path, since, json.loads(content))
                    if replaced is not None:
                        content = json.dumps(replaced).encode()
                self.send_response(real.status_code)
                framing = ("content-length", "transfer-encoding", "connection", "content-encoding")
                sent = [(name, value) for name, value in real.headers.items() if name.lower() not in framing]
                for name, value in middle.headers(url.path, sent) if middle.headers is not None else sent:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = _relay

        return Handler


@contextmanager
def in_the_middle(upstream: str, answer: Answer, headers: Headers | None = None) -> Iterator[Middle]:
    middle = Middle(upstream, answer, headers)
    try:
        yield middle
    finally:
        middle.stop()
