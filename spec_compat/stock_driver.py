"""Drive stock openapi-python-client's client through every operation; print what it parsed.

Run as ``python -m spec_compat.stock_driver BASE_URL API_KEY API_SECRET`` with the generated
package (``meedio_api_client``) on ``PYTHONPATH``, in a process of its own so that a broken
generation cannot break the test process. The two API headers go as the tool's docs say: the
key as ``AuthenticatedClient``'s token under its own header name, the secret as a header.
Prints one JSON line per call: the operation, the status, the raw answer, the class the client
parsed it into, that object's ``to_dict()`` and the media type of the body sent.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from spec_compat.oag_driver import first_body
from spec_compat.stock_python_client import PACKAGE


class Driver:
    """Calls ``sync_detailed`` of each generated function and records what it parsed."""

    def __init__(self, base_url: str, key: str, secret: str) -> None:
        client_module = importlib.import_module(f"{PACKAGE}.client")
        self.models = importlib.import_module(f"{PACKAGE}.models")
        self.client = client_module.AuthenticatedClient(
            base_url=base_url,
            token=key,
            prefix="",
            auth_header_name="API_KEY",
            headers={"API_SECRET": secret},
            httpx_args={"event_hooks": {"request": [self._sent]}},
        )
        self.media_type: str | None = None

    def _sent(self, request: Any) -> None:
        """Keep the media type the client sent (the room's two encodings are checked)."""
        self.media_type = request.headers.get("content-type")

    def call(self, operation_id: str, module: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """``api.<module>.sync_detailed(*args, client=..., **kwargs)``; print the record."""
        record: dict[str, Any] = {"operation": operation_id}
        raw: dict[str, Any] = {}
        self.media_type = None
        try:
            function = importlib.import_module(f"{PACKAGE}.api.{module}").sync_detailed
            answer = function(*args, client=self.client, **kwargs)
            record["status"] = int(answer.status_code)
            raw = json.loads(answer.content or b"null") or {}
            record["raw"] = raw
            parsed = answer.parsed
            record["parsed"] = None if parsed is None else type(parsed).__name__
            record["decoded"] = parsed.to_dict() if hasattr(parsed, "to_dict") else None
            record["sent"] = self.media_type
        except Exception as error:
            record["error"] = f"{type(error).__name__}: {error}"
        print(json.dumps(record, default=str), flush=True)
        return raw

    def body(self, schema: str, value: dict[str, Any]) -> Any:
        return getattr(self.models, schema).from_dict(value)

    def run(self) -> None:
        """One answer of every operation: both meeting shapes, both room encodings."""
        org = self.call("getOrganization", "organization.get_organization")
        meeting_body = first_body("createMeeting")
        meeting = self.call(
            "createMeeting",
            "meeting.create_meeting",
            body=self.body("CreateMeetingRequest", meeting_body),
        )
        consultation = self.call(
            "createMeeting",
            "meeting.create_meeting",
            body=self.body(
                "CreateMeetingRequest",
                {"ownerEmail": meeting_body["ownerEmail"], "type": "CONSULTATION"},
            ),
        )
        for found in (meeting, consultation):
            self.call("getMeeting", "meeting.get_meeting", found.get("id"))
        self.call("deleteMeeting", "meeting.delete_meeting", meeting.get("id"))

        room_body = first_body("createRoom")
        room = self.call(
            "createRoom", "room.create_room", body=self.body("CreateRoomRequest", room_body)
        )
        form = {**room_body, "slug": f"{room_body['slug']}-form"}
        self.call("createRoom", "room.create_room", body=self.body("CreateRoomForm", form))
        self.call("getRoom", "room.get_room", room.get("slug"))
        self.call("getRoom", "room.get_room", form["slug"])

        queue = self.call(
            "createQueue",
            "queue.create_queue",
            body=self.body("CreateQueueRequest", first_body("createQueue")),
        )
        self.call("getQueue", "queue.get_queue", queue.get("id"))
        update = first_body("updateQueue")
        update["membersIds"] = [user["id"] for user in org.get("users", [])][:1]
        self.call(
            "updateQueue",
            "queue.update_queue",
            queue.get("id"),
            body=self.body("UpdateQueueRequest", update),
        )
        self.call("deleteQueue", "queue.delete_queue", queue.get("id"))


def main() -> None:
    base_url, key, secret = sys.argv[1:4]
    Driver(base_url, key, secret).run()


if __name__ == "__main__":
    main()
