"""The body size limit: declared or chunked, refused with a 413 before anything parses the body."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from central.limits import BodyLimit


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(BodyLimit, max_bytes=1000)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    return app


def _chunks(count: int, size: int) -> Iterator[bytes]:
    for _ in range(count):
        yield b"x" * size


def test_bodies_up_to_the_limit_pass_whole() -> None:
    client = TestClient(_app())
    assert client.post("/echo", content=b"x" * 1000).json() == {"size": 1000}
    assert client.post("/echo", content=_chunks(4, 250)).json() == {"size": 1000}  # chunked, no length


def test_declared_or_chunked_bodies_over_the_limit_get_413() -> None:
    client = TestClient(_app())
    declared = client.post("/echo", content=b"x" * 1001)
    assert declared.status_code == 413 and declared.json()["error"] == "taille"
    assert client.post("/echo", content=_chunks(5, 250)).status_code == 413
    lying = client.post("/echo", content=b"x", headers={"Content-Length": "abc"})
    assert lying.status_code in (400, 413)
