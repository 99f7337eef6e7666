"""A serving process freezes its start-up heap and collects young objects less often (central/collector.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from central import collector

PROBE = """
import gc, json, weakref
from central.service import served_app
before = gc.get_threshold()
served_app()

class Node:
    pass

node = Node()
node.me = node  # a cycle: only the collector frees it
gone = weakref.ref(node)
del node
gc.collect()
seen = {"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count(), "freed": gone() is None}
print(json.dumps(seen))
"""


@pytest.mark.slow  # a Python process that builds the application
def test_a_served_process_tunes_its_collector_and_still_frees_cycles(tmp_path: Path) -> None:
    env = os.environ | {
        "GUICHET_CENTRAL_DATABASE": f"sqlite:///{tmp_path / 'central.db'}",
        "GUICHET_CENTRAL_ENROLMENT_TOKEN": "jeton",
        "GUICHET_CENTRAL_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, timeout=120, check=True)
    seen = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert seen["before"][0] == 700  # CPython's default, untouched until the application is built
    assert seen["after"] == [collector.YOUNG, collector.OLDER, collector.OLDER]
    assert seen["frozen"] > 10_000  # the start-up heap (modules, schemas, the application)
    assert seen["freed"]
