"""The two halves of issue 29's point 5 meet: the profile ``make latency-profile`` makes from
the fixture history of 60 nights is one the emulator takes whole (``serve --latency-profile``'s
``create_app``), each operation with the ready-made rule's delay in whole milliseconds."""

from __future__ import annotations

import json
from pathlib import Path

from meedio_emulator.server import create_app, load_latency_profile
from starlette.testclient import TestClient

from meedio_contract.night import latency_profile

FIXTURE = Path(__file__).parent / "fixtures" / "nights-60.jsonl"


def test_the_exported_profile_is_applied_by_the_emulator(tmp_path: Path) -> None:
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    made = latency_profile.profile(records, 7)
    path = tmp_path / "latency-profile.json"
    path.write_text(json.dumps(made))
    app = create_app(latency_profile=load_latency_profile(path))
    shown = (
        TestClient(app, base_url="http://emulator.localhost")
        .get("/_emulator/faults/rules")
        .json()["latencyProfile"]
    )
    assert shown["nights"] == 7
    assert set(shown["operations"]) == set(made["operations"]) and shown["operations"]
    for operation, entry in made["operations"].items():
        delay = entry["rule"]["delay"]
        assert shown["operations"][operation] == {
            "delay": {
                "distribution": "lognormal",
                "ms": round(delay["ms"]),
                "sigma": delay["sigma"],
                "capMs": round(delay["capMs"]),
            },
            "slowed": 0,
        }
