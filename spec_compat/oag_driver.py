"""Drive openapi-generator's Python client through the gate's calls; print what it decoded.

Run as ``python -m spec_compat.oag_driver BASE_URL API_KEY API_SECRET`` with the generated
package (``meedio_oag``) on ``PYTHONPATH``: it is imported only here, in a process of its own,
so a broken generation cannot break the test process. The calls are the plan's
(``call_plan``), one encoding per body: openapi-generator writes one body parameter per
operation, for its first content type (upstream #2668, #17877; forcing ``_content_type`` to
form sends an empty body). Where each call goes follows openapi-generator's naming: the tag's
class ``<Tag>Api``, the method ``<operation_id>_with_http_info``, parameters and the body
(``<schema_name>``) in snake case. Prints one JSON line per call: the operation, the status,
the raw answer, the class the client decoded it into (for a union, the class of the member it
chose), and the fields it kept.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from typing import Any

from spec_compat.call_plan import Call, plan, walk

PACKAGE = "meedio_oag"


def underscore(name: str) -> str:
    """openapi-generator's ``underscore`` (camelCase to snake_case): ``createMeeting`` ->
    ``create_meeting``, ``CreateRoomRequest`` -> ``create_room_request``."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", name)
    return name.replace("-", "_").lower()


def api_class(tag: str) -> str:
    """openapi-generator's class for a tag: ``meeting`` -> ``MeetingApi``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", tag)) + "Api"


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

    def call(self, call: Call, path: dict[str, str], body: Any) -> dict[str, Any]:
        """Call the operation's ``*_with_http_info``, print the record, return the raw answer."""
        self.last_raw = None
        record: dict[str, Any] = {"operation": call.operation_id}
        try:
            api = getattr(self.pkg, api_class(call.operation.tag))(self.client)
            method = getattr(api, f"{underscore(call.operation_id)}_with_http_info")
            kwargs: dict[str, Any] = {underscore(name): value for name, value in path.items()}
            if body is not None:
                model = getattr(self.models, str(call.body_schema))
                kwargs[underscore(str(call.body_schema))] = model.from_dict(body)
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

    def run(self) -> None:
        """The plan's calls, the first encoding of each body (both meeting shapes among them)."""
        walk(plan(encodings="first"), self.call, "oag")


def main() -> None:
    base_url, key, secret = sys.argv[1:4]
    Driver(base_url, key, secret).run()


if __name__ == "__main__":
    main()
