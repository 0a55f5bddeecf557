"""``request_parts.path_params`` remembers the values a path parameter's validator found valid
(issue 28): the answers stay the spec's, the memory stays bounded."""

from __future__ import annotations

import pytest
from meedio_emulator.web import request_parts
from meedio_emulator.web.answers import HttpError
from meedio_emulator.web.spec import SpecRouter

from meedio_spec.document import find_spec_dir, load_document

UUID = "e91254af-e761-4fdb-abe8-b4b1f7f02415"


def test_a_value_is_remembered_only_once_found_valid() -> None:
    router = SpecRouter(load_document(find_spec_dir() / "meedio-v3.yaml"), prefix="/api")
    operation = router.by_id["getMeeting"]
    validator = operation.path_params["id"]
    for _ in range(2):  # the second time from memory: the same answers
        assert request_parts.path_params(operation, {"id": UUID}) == {"id": UUID}
        for bad in ("not-a-uuid", UUID + "\ud800", UUID.upper() + "x"):
            with pytest.raises(HttpError) as refused:
                request_parts.path_params(operation, {"id": bad})
            assert refused.value.status == 400
    assert list(validator.known_valid) == [UUID]


def test_the_memory_is_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(request_parts, "KNOWN_VALID", 3)
    router = SpecRouter(load_document(find_spec_dir() / "meedio-v3.yaml"), prefix="/api")
    operation = router.by_id["getMeeting"]
    ids = [UUID[:-1] + digit for digit in "0123456"]
    for value in ids:
        request_parts.path_params(operation, {"id": value})
        assert 1 <= len(operation.path_params["id"].known_valid) <= 3
    assert list(operation.path_params["id"].known_valid) == ids[-1:]
