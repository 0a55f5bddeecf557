"""Specmatic's contract test of the spec against served emulators (DECISIONS 39).

The pinned Specmatic (the ``specmatic`` npm package's jar) runs every test its named examples
make, in the phases of ``spec_compat/specmatic.py``; its JUnit report must show exactly the
expected tests, each passing or failing on the status DECISIONS 39 records, so a regression
and a new pass both show. A copy of the spec whose meeting id has no named example (as before
issue 19) fails the check: Specmatic makes an id up and the emulator answers 404.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spec_compat import specmatic
from spec_compat.examples import SPEC_PATH, load_spec
from spec_compat.specmatic import FORM, JSON, Key, Outcome
from tests.support import DOCS_KEY, DOCS_SECRET

# (operationId, the status Specmatic expects, the request body's content type).
PASSES: set[Key] = {
    ("getOrganization", 200, None),
    ("createMeeting", 201, JSON),
    ("getMeeting", 200, None),
    ("deleteMeeting", 200, None),
    ("createRoom", 201, JSON),
    ("createRoom", 201, FORM),
    ("getRoom", 200, None),
    ("createQueue", 201, JSON),
    ("updateQueue", 200, JSON),
    ("getQueue", 200, None),
    ("deleteQueue", 200, None),
}
# The same tests and the status the emulator answers instead: the creates declare 200 and 201
# with the same examples (DECISIONS 16); the emulator answers 201, Specmatic expects each.
FAILURES: dict[Key, int] = {
    ("createMeeting", 200, JSON): 201,
    ("createRoom", 200, JSON): 201,
    ("createRoom", 200, FORM): 201,
    ("createQueue", 200, JSON): 201,
}


@pytest.fixture(scope="module")
def unnamed_meeting_id(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the spec whose meeting id has no named example (as before issue 19)."""
    text = SPEC_PATH.read_text()
    assert text.count(NAMED_MEETING_ID) == 1
    broken = tmp_path_factory.mktemp("specmatic-spec") / "meedio-v3-unnamed-meeting-id.yaml"
    broken.write_text(
        text.replace(NAMED_MEETING_ID, "      example: e91254af-e761-4fdb-abe8-b4b1f7f02415\n")
    )
    return broken


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, unnamed_meeting_id: Path) -> list[list[Outcome]]:
    """The spec's every phase and the broken copy's docs phase, in one run of the lanes
    (``specmatic.run_all``): each phase still on an emulator reset just before it."""
    return specmatic.run_all(
        tmp_path_factory.mktemp("specmatic"),
        DOCS_KEY,
        DOCS_SECRET,
        [(SPEC_PATH, None), (unnamed_meeting_id, ("docs",))],
    )


@pytest.fixture(scope="module")
def outcomes(runs: list[list[Outcome]]) -> list[Outcome]:
    return runs[0]


def test_specmatic_passes_as_far_as_the_docs_allow(outcomes: list[Outcome]) -> None:
    problems = specmatic.check(outcomes, PASSES, FAILURES)
    assert problems == [], "\n".join(problems)
    assert sum(o.passed for o in outcomes) == len(PASSES) == 11
    assert len(outcomes) == len(PASSES) + len(FAILURES) == 15


def test_every_named_example_of_the_spec_ran(outcomes: list[Outcome]) -> None:
    """The phases leave no test out: each request example whose name an answer shares ran."""
    named = specmatic.named_tests(load_spec())
    ran = {(*o.key, o.example) for o in outcomes if o.example}
    assert ran == named, f"not run: {named - ran}; run but not named: {ran - named}"
    assert {o.example for o in outcomes} == {None, "DOCS_MEETING", "DOCS_ROOM", "DOCS_QUEUE"}


# The meeting id's example without a name, as it was before issue 19.
NAMED_MEETING_ID = """      examples:
        DOCS_MEETING:
          summary: The docs' example meeting
          value: e91254af-e761-4fdb-abe8-b4b1f7f02415
"""


def test_a_meeting_id_without_a_named_example_fails_the_check(runs: list[list[Outcome]]) -> None:
    found = runs[1]
    in_phase = {k for k in PASSES if specmatic.in_docs_phase(k)}
    failing = {k: v for k, v in FAILURES.items() if specmatic.in_docs_phase(k)}
    problems = specmatic.check(found, in_phase, failing)
    wrong = {o.operation: o.received for o in found if not o.passed and o.key in in_phase}
    assert wrong == {"getMeeting": 404, "deleteMeeting": 404}, problems
    assert len(problems) == 2, problems
