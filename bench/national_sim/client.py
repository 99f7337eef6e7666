"""A minimal HTTP/1.1 keep-alive client over asyncio streams, light enough for 5,000 simulated stations in one process.

Why not httpx: at a few hundred requests a second httpx's per-request cost would take a large share of a core on a
2-core machine that also runs the API and PostgreSQL, and the simulator would measure itself. This speaks only what
the central store answers (uvicorn: a status line, headers, a Content-Length body) and closes a connection idle for
longer than `IDLE_EXPIRY`, as httpx's pool does (5 s) before uvicorn's keep-alive timeout (5 s) closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

IDLE_EXPIRY = 4.5  # below uvicorn's 5 s keep-alive timeout: never reuse a connection the server is closing
MAX_HEAD = 64 * 1024


class HttpError(Exception):
    """The exchange failed at the transport level (connection refused or cut, malformed answer, timeout)."""


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    connected: bool  # a new TCP connection was opened for this request


@dataclass
class Connection:
    """One station's connection to one API node; reopened when idle too long or closed by the server."""

    host: str
    port: int
    token: str
    timeout: float = 30.0
    _reader: asyncio.StreamReader | None = field(default=None, repr=False)
    _writer: asyncio.StreamWriter | None = field(default=None, repr=False)
    _used_at: float = 0.0

    async def request(self, method: str, path: str, body: bytes | None = None) -> Answer:
        """Send one request and read its whole answer; raises HttpError on any transport failure."""
        try:
            return await asyncio.wait_for(self._exchange(method, path, body), self.timeout)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError) as exc:
            await self.close()
            raise HttpError(type(exc).__name__) from None

    async def _exchange(self, method: str, path: str, body: bytes | None) -> Answer:
        connected = False
        if self._writer is not None and time.monotonic() - self._used_at > IDLE_EXPIRY:
            await self.close()
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port, limit=MAX_HEAD)
            connected = True
        assert self._reader is not None and self._writer is not None
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Authorization: Bearer {self.token}\r\nUser-Agent: guichet-national-sim\r\n"
        )
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self._writer.write(head.encode("ascii") + b"\r\n" + (body or b""))
        await self._writer.drain()
        status, length, keep = await self._read_head(self._reader)
        data = await self._reader.readexactly(length)
        self._used_at = time.monotonic()
        if not keep:
            await self.close()
        return Answer(status=status, body=data, connected=connected)

    @staticmethod
    async def _read_head(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
        raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise ValueError("not an HTTP/1.x answer")
        length: int | None = None
        keep = True
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value.strip())
            elif name == "connection" and value.strip().lower() == "close":
                keep = False
            elif name == "transfer-encoding":
                raise ValueError("chunked answers are not expected from the central store")
        if length is None:
            raise ValueError("answer without Content-Length")
        return int(parts[1]), length, keep

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
