"""examples/clinic-app/tests/test_clinic.py with respx: the meeting's answers mocked in the
order the clock would bring them (open, open, then gone)."""

import json

import pytest
import respx
from clinic import ClinicUnavailable, book_visit, visit_is_open
from meedio_client import MeedioClient
from meedio_mocks import API, answer, error, errors, example

pytestmark = pytest.mark.respx(base_url=API)
DOCTOR = "john@meedio.me"


def test_a_visit_closes_15_minutes_after_the_last_participant_leaves(
    respx_mock: respx.MockRouter, meedio: MeedioClient
) -> None:
    consultation = example("Consultation")
    create = respx_mock.post("/v3/meeting").respond(201, json=consultation)
    respx_mock.get(f"/v3/meeting/{consultation['id']}").mock(
        side_effect=[
            answer(200, consultation),  # an hour on, the patient still in
            answer(200, consultation),  # 14 minutes after the patient left
            error("NotFound"),  # 15 minutes after
        ]
    )
    visit = book_visit(meedio, DOCTOR)
    sent = json.loads(create.calls.last.request.content)
    assert (sent["ownerEmail"], sent["type"]) == (DOCTOR, "CONSULTATION")
    assert visit_is_open(meedio, visit)
    assert visit_is_open(meedio, visit)
    assert not visit_is_open(meedio, visit)


def test_maintenance_is_retried_then_reported(
    respx_mock: respx.MockRouter, meedio: MeedioClient
) -> None:
    create = respx_mock.post("/v3/meeting").mock(
        side_effect=[*errors("ServiceUnavailable", 3), answer(201, example("Consultation"))]
    )
    with pytest.raises(ClinicUnavailable):
        book_visit(meedio, DOCTOR)

    assert [call.response.status_code for call in create.calls] == [503, 503, 503]
    assert book_visit(meedio, DOCTOR).link.startswith("https://")  # maintenance is over
