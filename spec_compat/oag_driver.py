"""Drive openapi-generator's Python client through every operation; print what it decoded.

Run as ``python -m spec_compat.oag_driver BASE_URL API_KEY API_SECRET`` with the generated
package (``meedio_oag``) on ``PYTHONPATH``: it is imported only here, in a process of its own,
so a broken generation cannot break the test process. Request bodies are the spec's own
examples. Prints one JSON line per call: the operation, the status, the raw answer, the class
the client decoded it into (for a union, the class of the member it chose), and the fields it
kept.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from typing import Any

from spec_compat.examples import Example, all_examples

PACKAGE = "meedio_oag"


def first_body(operation_id: str) -> dict[str, Any]:
    """The example of an operation's JSON request body with the most fields."""
    found: list[Example] = [
        e
        for e in all_examples()
        if e.target.kind == "request"
        and e.target.operation is not None
        and e.target.operation.operation_id == operation_id
        and e.target.content_type == "application/json"
        and isinstance(e.value, dict)
    ]
    return dict(max(found, key=lambda e: len(e.value)).value)


class Driver:
    """Calls through the generated client and records what it decoded."""

    def __init__(self, base_url: str, key: str, secret: str) -> None:
        self.pkg = importlib.import_module(PACKAGE)
        self.models = importlib.import_module(f"{PACKAGE}.models")
        config = self.pkg.Configuration(
            host=base_url, api_key={"API_KEY": key, "API_SECRET": secret}
        )
        self.client = self.pkg.ApiClient(config)
        self.last_raw: Any = None
        deserialize = self.client.response_deserialize

        def keep_raw(response_data: Any, response_types_map: Any = None) -> Any:
            """The generated decoder, unchanged; the raw answer kept for the record."""
            self.last_raw = (response_data.status, response_data.data)
            return deserialize(response_data, response_types_map)

        self.client.response_deserialize = keep_raw

    def api(self, tag: str) -> Any:
        return getattr(self.pkg, f"{tag.capitalize()}Api")(self.client)

    def call(self, operation_id: str, method: Callable[..., Any], **kwargs: Any) -> dict[str, Any]:
        """Call ``method`` (a ``*_with_http_info``), print the record, return the raw answer."""
        self.last_raw = None
        record: dict[str, Any] = {"operation": operation_id}
        try:
            answer = method(**kwargs)
        except Exception as error:
            record["error"] = f"{type(error).__name__}: {error}"
            answer = None
        if self.last_raw is not None:
            record["status"], raw = self.last_raw
            record["raw"] = json.loads(raw or b"null")
        if answer is not None:
            data = answer.data
            inner = getattr(data, "actual_instance", data)
            record["model"] = type(data).__name__ if data is not None else None
            record["inner"] = type(inner).__name__ if inner is not None else None
            record["decoded"] = json.loads(data.to_json()) if data is not None else None
        print(json.dumps(record), flush=True)
        raw_answer: dict[str, Any] = record.get("raw") or {}
        return raw_answer

    def body(self, schema: str, value: dict[str, Any]) -> Any:
        return getattr(self.models, schema).from_dict(value)

    def run(self) -> None:
        """One answer of every operation, both meeting shapes among them.

        The room is created as JSON, the one encoding the generated method can send:
        openapi-generator writes one body parameter per operation, for its first content
        type (upstream #2668, #17877); forcing ``_content_type`` to form sends an empty body.
        """
        org = self.call("getOrganization", self.api("organization").get_organization_with_http_info)
        meetings = self.api("meeting")
        create_meeting = meetings.create_meeting_with_http_info
        meeting_body = first_body("createMeeting")
        meeting = self.call(
            "createMeeting",
            create_meeting,
            create_meeting_request=self.body("CreateMeetingRequest", meeting_body),
        )
        consultation_body = {"ownerEmail": meeting_body["ownerEmail"], "type": "CONSULTATION"}
        consultation = self.call(
            "createMeeting",
            create_meeting,
            create_meeting_request=self.body("CreateMeetingRequest", consultation_body),
        )
        for found in (meeting, consultation):
            self.call("getMeeting", meetings.get_meeting_with_http_info, id=found["id"])
        self.call("deleteMeeting", meetings.delete_meeting_with_http_info, id=meeting["id"])

        rooms = self.api("room")
        room_body = first_body("createRoom")
        room = self.call(
            "createRoom",
            rooms.create_room_with_http_info,
            create_room_request=self.body("CreateRoomRequest", room_body),
        )
        self.call("getRoom", rooms.get_room_with_http_info, slug=room["slug"])

        queues = self.api("queue")
        queue = self.call(
            "createQueue",
            queues.create_queue_with_http_info,
            create_queue_request=self.body("CreateQueueRequest", first_body("createQueue")),
        )
        self.call("getQueue", queues.get_queue_with_http_info, id=queue["id"])
        update = first_body("updateQueue")
        update["membersIds"] = [user["id"] for user in org["users"]][:1]
        self.call(
            "updateQueue",
            queues.update_queue_with_http_info,
            id=queue["id"],
            update_queue_request=self.body("UpdateQueueRequest", update),
        )
        self.call("deleteQueue", queues.delete_queue_with_http_info, id=queue["id"])


def main() -> None:
    base_url, key, secret = sys.argv[1:4]
    Driver(base_url, key, secret).run()


if __name__ == "__main__":
    main()
