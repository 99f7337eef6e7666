"""Fixtures of the desk screen tests: an embedded central store for the online flows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def central_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """An in-process central store with the demo register and Maprocuration requests."""
    from central.embedded import start_embedded

    running = start_embedded(tmp_path_factory.mktemp("desk-central") / "central.db")
    yield running.base_url, running.enrolment_token
    running.stop()
