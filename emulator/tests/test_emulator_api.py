"""The emulator follows the docs' rules, over HTTP (every answer checked against the spec)."""

from __future__ import annotations

import httpx
import pytest
from meedio_emulator.domain.clock import ManualClock

from tests.support import BASIC, EXPIRED_KEY, EXPIRED_SECRET, MEDICAL

MEETING_ID = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"


def _meeting(api: httpx.Client, **body: object) -> dict[str, object]:
    response = api.post("/api/v3/meeting", json={"ownerEmail": "john@meedio.me", **body})
    assert response.status_code == 201, response.text
    return dict(response.json())


# -- auth and limits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"API_KEY": MEDICAL["API_KEY"]},
        {"API_SECRET": MEDICAL["API_SECRET"]},
        {"API_KEY": MEDICAL["API_KEY"], "API_SECRET": "wrong"},
        {"API_KEY": "00000000-0000-4000-8000-000000000000", "API_SECRET": MEDICAL["API_SECRET"]},
        {"API_KEY": EXPIRED_KEY, "API_SECRET": EXPIRED_SECRET},
    ],
)
def test_401_for_missing_wrong_or_expired_credentials(
    api: httpx.Client, headers: dict[str, str]
) -> None:
    api.headers.pop("API_KEY")
    api.headers.pop("API_SECRET")
    response = api.get("/api/v3/organizations", headers=headers)
    assert response.status_code == 401
    assert response.json()["statusCode"] == 401
    assert MEDICAL["API_SECRET"] not in response.text


def test_rate_limit_per_key_on_the_emulator_clock(api: httpx.Client, clock: ManualClock) -> None:
    for _ in range(1000):
        assert api.get("/api/v3/organizations").status_code == 200
    limited = api.get("/api/v3/organizations")
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert api.get("/api/v3/organizations", headers=BASIC).status_code == 200  # other key
    clock.advance(60)
    assert api.get("/api/v3/organizations").status_code == 200


# -- organizations and isolation ------------------------------------------------------------


def test_organization_and_its_users(api: httpx.Client) -> None:
    org = api.get("/api/v3/organizations").json()
    roles = {u["email"]: u["organizationRole"] for u in org["users"]}
    assert roles["john@meedio.me"] == "ADMIN"
    assert "USER" in roles.values()
    assert api.get("/api/v3/organizations", headers=BASIC).json()["name"] != org["name"]


def test_organizations_are_isolated(api: httpx.Client) -> None:
    meeting = _meeting(api)
    api.post("/api/v3/room", json={"slug": "medical-room"})
    queue = api.post(
        "/api/v3/rooms/queue", json={"name": "q", "slug": "mq", "type": "BOARD"}
    ).json()
    assert api.get(f"/api/v3/meeting/{meeting['id']}", headers=BASIC).status_code == 404
    assert api.delete(f"/api/v3/meeting/{meeting['id']}", headers=BASIC).status_code == 404
    assert api.get("/api/v3/room/medical-room", headers=BASIC).status_code == 404
    assert api.get(f"/api/v3/rooms/queue/{queue['id']}", headers=BASIC).status_code == 404
    assert api.post(f"/api/v3/rooms/queue/{queue['id']}", headers=BASIC, json={}).status_code == 404
    assert api.delete(f"/api/v3/rooms/queue/{queue['id']}", headers=BASIC).status_code == 404
    assert api.get(f"/api/v3/rooms/queue/{queue['id']}").status_code == 200  # untouched


# -- meetings -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["MEETING", "meeting", "Consultation", "CONSULTATION"])
def test_meeting_types_are_case_insensitive(api: httpx.Client, kind: str) -> None:
    meeting = _meeting(api, type=kind)
    assert ("isInfinite" in meeting) == (kind.upper() == "MEETING")


@pytest.mark.parametrize("kind", ["WEBINAR", "", "MEETINGS", 1])
def test_other_meeting_types_are_400(api: httpx.Client, kind: object) -> None:
    response = api.post("/api/v3/meeting", json={"ownerEmail": "john@meedio.me", "type": kind})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "/type"


def test_consultation_cannot_be_long_lasting(api: httpx.Client) -> None:
    for value in (True, False):
        body = {"ownerEmail": "john@meedio.me", "type": "CONSULTATION", "isInfinite": value}
        response = api.post("/api/v3/meeting", json=body)
        assert response.status_code == 400
        assert "isInfinite" in response.json()["message"]


def test_meeting_id_is_honoured_and_redirect_built_from_it(api: httpx.Client) -> None:
    meeting = _meeting(api, meetingId=MEETING_ID, isInfinite=True)
    assert meeting == {
        "id": MEETING_ID,
        "isInfinite": True,
        "redirectUrl": f"https://p2p.meedio.me/meetings/{MEETING_ID}",
    }
    assert api.get(f"/api/v3/meeting/{MEETING_ID}").json() == meeting
    again = api.post(
        "/api/v3/meeting", json={"ownerEmail": "john@meedio.me", "meetingId": MEETING_ID}
    )
    assert again.status_code == 409
    other = api.post("/api/v3/meeting", headers=BASIC, json={"meetingId": MEETING_ID})
    assert other.status_code == 403


@pytest.mark.parametrize(
    "meeting_id",
    ["not-a-uuid", "3f2a1b4c-5d6e-1f70-8a9b-0c1d2e3f4a5b", "3f2a1b4c5d6e4f708a9b0c1d2e3f4a5b0"],
)
def test_meeting_id_must_be_uuid_v4(api: httpx.Client, meeting_id: str) -> None:
    response = api.post(
        "/api/v3/meeting", json={"ownerEmail": "john@meedio.me", "meetingId": meeting_id}
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "/meetingId"


def test_owner_email_rules_by_organization_kind(api: httpx.Client) -> None:
    missing = api.post("/api/v3/meeting", json={})
    assert missing.status_code == 400 and "ownerEmail" in missing.json()["message"]
    assert api.post("/api/v3/meeting", headers=BASIC, json={}).status_code == 201
    stranger = api.post("/api/v3/meeting", json={"ownerEmail": "anna@basic.example"})
    assert stranger.status_code == 403  # a user of another organization
    other_org = api.post("/api/v3/meeting", headers=BASIC, json={"ownerEmail": "john@meedio.me"})
    assert other_org.status_code == 403
    nobody = api.post("/api/v3/meeting", json={"ownerEmail": "nobody@example.com"})
    assert nobody.status_code == 403
    bad = api.post("/api/v3/meeting", json={"ownerEmail": "john"})
    assert bad.status_code == 400 and bad.json()["details"][0]["field"] == "/ownerEmail"


def test_unknown_meeting_is_404(api: httpx.Client) -> None:
    assert api.get(f"/api/v3/meeting/{MEETING_ID}").status_code == 404


def test_delete_meeting(api: httpx.Client) -> None:
    meeting = _meeting(api, isInfinite=True)
    joined = api.post(f"/_emulator/meetings/{meeting['id']}/participants")
    assert joined.status_code == 201
    deleted = api.delete(f"/api/v3/meeting/{meeting['id']}")
    assert deleted.status_code == 200
    body = deleted.json()
    assert body["id"] == meeting["id"] and body["isInfinite"] is True
    assert body["deletedAt"].endswith("Z")
    assert api.get(f"/api/v3/meeting/{meeting['id']}").status_code == 404
    assert api.delete(f"/api/v3/meeting/{meeting['id']}").status_code == 404
    state = api.get("/_emulator/state").json()
    assert all(m["id"] != meeting["id"] for m in state["meetings"])  # participants gone too


def test_consultation_cannot_be_deleted(api: httpx.Client) -> None:
    consultation = _meeting(api, type="CONSULTATION")
    response = api.delete(f"/api/v3/meeting/{consultation['id']}")
    assert response.status_code == 403
    assert api.get(f"/api/v3/meeting/{consultation['id']}").status_code == 200


# -- closing rules ---------------------------------------------------------------------------


def test_meeting_nobody_joins_closes_after_15_minutes(
    api: httpx.Client, clock: ManualClock
) -> None:
    meeting = _meeting(api)
    clock.advance(14 * 60 + 59)
    assert api.get(f"/api/v3/meeting/{meeting['id']}").status_code == 200
    clock.advance(1)
    assert api.get(f"/api/v3/meeting/{meeting['id']}").status_code == 404


def test_meeting_closes_15_minutes_after_the_last_leaves(
    api: httpx.Client, clock: ManualClock
) -> None:
    meeting = _meeting(api)
    first = api.post(f"/_emulator/meetings/{meeting['id']}/participants").json()["participantId"]
    second = api.post(f"/_emulator/meetings/{meeting['id']}/participants").json()["participantId"]
    clock.advance(3600)
    assert api.get(f"/api/v3/meeting/{meeting['id']}").status_code == 200  # people are in
    assert (
        api.delete(f"/_emulator/meetings/{meeting['id']}/participants/{first}").status_code == 204
    )
    clock.advance(3600)
    assert api.get(f"/api/v3/meeting/{meeting['id']}").status_code == 200  # one still in
    api.delete(f"/_emulator/meetings/{meeting['id']}/participants/{second}")
    clock.advance(15 * 60 - 1)
    assert api.get(f"/api/v3/meeting/{meeting['id']}").status_code == 200
    clock.advance(1)
    assert api.get(f"/api/v3/meeting/{meeting['id']}").status_code == 404


def test_long_lasting_meeting_never_closes(api: httpx.Client, clock: ManualClock) -> None:
    meeting = _meeting(api, isInfinite=True)
    clock.advance(365 * 24 * 3600)
    assert api.get(f"/api/v3/meeting/{meeting['id']}").status_code == 200


def test_room_stays_open_while_occupied(api: httpx.Client, clock: ManualClock) -> None:
    api.post("/api/v3/room", json={"slug": "busy"})
    person = api.post("/_emulator/rooms/busy/participants").json()["participantId"]
    clock.advance(10 * 3600)
    assert api.get("/api/v3/room/busy").status_code == 200
    api.delete(f"/_emulator/rooms/busy/participants/{person}")
    clock.advance(15 * 60)
    assert api.get("/api/v3/room/busy").status_code == 404
    assert api.post("/api/v3/room", json={"slug": "busy"}).status_code == 201  # slug free again


# -- rooms ----------------------------------------------------------------------------------


def test_room_from_json_and_form(api: httpx.Client) -> None:
    by_json = api.post("/api/v3/room", json={"slug": "room-slug-example", "title": "title-example"})
    assert by_json.status_code == 201
    assert by_json.json() == {
        "title": "title-example",
        "slug": "room-slug-example",
        "organizationSlug": "meedio-clinic",
        "redirectUrl": "https://p2p.meedio.me/room-slug-example",
    }
    by_form = api.post("/api/v3/room", data={"slug": "form-room"})
    assert by_form.status_code == 201
    assert "title" not in by_form.json()
    assert "title" not in api.get("/api/v3/room/form-room").json()


def test_room_slug_duplicates(api: httpx.Client) -> None:
    assert api.post("/api/v3/room", json={"slug": "dup"}).status_code == 201
    assert api.post("/api/v3/room", json={"slug": "dup"}).status_code == 409
    assert api.post("/api/v3/room", headers=BASIC, json={"slug": "dup"}).status_code == 403


def test_docs_form_body_labelled_json_is_rejected_clearly(api: httpx.Client) -> None:
    response = api.post(
        "/api/v3/room",
        content="title=title-example&slug=room-slug-example",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "malformed JSON" in response.json()["message"]


# -- queues ---------------------------------------------------------------------------------


def test_queue_lifecycle(api: httpx.Client) -> None:
    created = api.post(
        "/api/v3/rooms/queue",
        json={"name": "meedio_name", "slug": "meedio_slug", "type": "WAITING_ROOM"},
    )
    assert created.status_code == 201
    queue = created.json()
    assert len(queue["id"]) == 24 and int(queue["id"], 16) >= 0
    assert queue["members"] == [] and queue["isActive"] is True
    assert api.get(f"/api/v3/rooms/queue/{queue['id']}").json() == queue
    # The docs' update example, isActive as the string "true" included.
    update = {
        "name": "meedio_name",
        "slug": "meedio_slug",
        "type": "WAITING_ROOM",
        "closingMessage": "meedio_closing_message",
        "membersIds": ["888d83dc-66a0-44df-b071-37d32da08524"],
        "isActive": "true",
    }
    updated = api.post(f"/api/v3/rooms/queue/{queue['id']}", json=update).json()
    assert updated["closingMessage"] == "meedio_closing_message"
    assert updated["isActive"] is True
    assert updated["members"] == [
        {
            "userId": "888d83dc-66a0-44df-b071-37d32da08524",
            "fullName": "Jane Doctor",
            "isActive": False,
            "isAutoAccepting": False,
            "joinedCallAt": None,
        }
    ]
    closed = api.post(f"/api/v3/rooms/queue/{queue['id']}", json={"isActive": False}).json()
    assert closed["isActive"] is False and closed["members"] == updated["members"]
    deleted = api.delete(f"/api/v3/rooms/queue/{queue['id']}")
    assert deleted.status_code == 200 and deleted.json()["id"] == queue["id"]
    assert api.get(f"/api/v3/rooms/queue/{queue['id']}").status_code == 404


def test_queue_members_must_be_users_of_the_organization(api: httpx.Client) -> None:
    queue = api.post(
        "/api/v3/rooms/queue", json={"name": "n", "slug": "s1", "type": "BOARD"}
    ).json()
    anna = "00d247fb-5d4d-4c73-a5a0-20b3f895ca72"  # a user of the basic organization
    response = api.post(
        f"/api/v3/rooms/queue/{queue['id']}", json={"membersIds": [anna], "name": "x"}
    )
    assert response.status_code == 403  # 404 would say the queue is missing
    assert api.get(f"/api/v3/rooms/queue/{queue['id']}").json()["name"] == "n"  # nothing changed


def test_queue_fields_have_no_invented_limits(api: httpx.Client) -> None:
    """DECISIONS 15, 29, 31: no length or count limits; a repeated member id is one member."""
    created = api.post(
        "/api/v3/rooms/queue", json={"name": "", "slug": "my.queue~" + "q" * 300, "type": "BOARD"}
    )
    assert created.status_code == 201, created.text
    jane = "888d83dc-66a0-44df-b071-37d32da08524"
    updated = api.post(
        f"/api/v3/rooms/queue/{created.json()['id']}",
        json={"membersIds": [jane, jane], "closingMessage": "m" * 5000},
    )
    assert updated.status_code == 200, updated.text
    assert [member["userId"] for member in updated.json()["members"]] == [jane]
    for slug in ("no spaces", "..", "a/b"):
        bad = api.post("/api/v3/rooms/queue", json={"name": "n", "slug": slug, "type": "BOARD"})
        assert bad.status_code == 400 and bad.json()["details"][0]["field"] == "/slug"


def test_any_room_slug_reads_as_not_found(api: httpx.Client) -> None:
    """DECISIONS 30: the path takes whatever an answer may give back; unknown is 404."""
    assert api.post("/api/v3/room", json={"slug": "my.room"}).status_code == 201
    assert api.get("/api/v3/room/my.room").json()["slug"] == "my.room"
    assert api.get("/api/v3/room/no%20such%20room").status_code == 404


@pytest.mark.parametrize("queue_id", ["queue-id-example", "63DA43D5928CB848430B8DA5", "63da43d5"])
def test_malformed_queue_id_is_400(api: httpx.Client, queue_id: str) -> None:
    assert api.get(f"/api/v3/rooms/queue/{queue_id}").status_code == 400


def test_queue_path_of_the_endpoint_list_is_not_a_route(api: httpx.Client) -> None:
    assert (
        api.post("/api/v3/queue", json={"name": "n", "slug": "s", "type": "BOARD"}).status_code
        == 404
    )


# -- every error code -----------------------------------------------------------------------


def test_405_with_allow(api: httpx.Client) -> None:
    response = api.put("/api/v3/meeting")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert (
        api.patch("/api/v3/rooms/queue/63da43d5928cb848430b8da5").headers["allow"]
        == "DELETE, GET, POST"
    )


def test_406_when_no_json_is_accepted(api: httpx.Client) -> None:
    response = api.get("/api/v3/organizations", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert (
        api.get("/api/v3/organizations", headers={"Accept": "text/html, */*;q=0.1"}).status_code
        == 200
    )


@pytest.mark.parametrize("path", ["/api/v1/meeting", "/api/v2/organizations", "/api/v2"])
def test_410_for_removed_versions(api: httpx.Client, path: str) -> None:
    assert api.get(path).status_code == 410


def test_404_for_unknown_routes(api: httpx.Client) -> None:
    response = api.get("/api/v3/nothing-here")
    assert response.status_code == 404
    assert response.json()["message"] == "Cannot GET /api/v3/nothing-here"


def test_faults_500_and_503(api: httpx.Client) -> None:
    assert api.post("/_emulator/faults", json={"maintenance": True}).status_code == 200
    assert api.get("/api/v3/organizations").status_code == 503
    assert api.get("/_emulator/health").status_code == 200  # the control plane stays up
    api.delete("/_emulator/faults")
    api.post("/_emulator/faults", json={"errorRate": 1.0})
    assert api.post("/api/v3/room", json={"slug": "x"}).status_code == 500
    api.delete("/_emulator/faults")
    assert api.get("/api/v3/organizations").status_code == 200


# -- bad input is a clear 4xx, never a 500 --------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{", "application/json", 400),
        (b"\xff\xfe{}", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'{"slug": NaN}', "application/json", 400),
        (b"[" * 100000, "application/json", 400),
        (b"slug=\xff", "application/x-www-form-urlencoded", 400),
        (b"<room/>", "application/xml", 415),
        (b'{"slug": "a"}', "", 415),
        (b"", "", 400),
        (b'{"slug": "' + b"a" * (2 << 20) + b'"}', "application/json", 413),
    ],
)
def test_malformed_bodies(
    api: httpx.Client, content: bytes, content_type: str, status: int
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = api.post("/api/v3/room", content=content, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["statusCode"] == status


def test_control_plane_clock_and_reset(api: httpx.Client) -> None:
    before = api.get("/_emulator/clock").json()["now"]
    after = api.post("/_emulator/clock/advance", json={"seconds": 90}).json()["now"]
    assert after - before == pytest.approx(90)
    assert api.post("/_emulator/clock/advance", json={"seconds": -1}).status_code == 400
    _meeting(api)
    assert api.post("/_emulator/reset").status_code == 204
    assert api.get("/_emulator/state").json()["meetings"] == []
