"""Drive stock openapi-python-client's client through the gate's calls; print what it parsed.

Run as ``python -m spec_compat.stock_driver BASE_URL API_KEY API_SECRET`` with the generated
package (``meedio_api_client``) on ``PYTHONPATH``, in a process of its own so that a broken
generation cannot break the test process. The calls are the plan's (``call_plan``: every
operation, both meeting shapes, each encoding of the room body); where the tool puts each one
is computed with the tool's own naming rule (``openapi_python_client.strings.snake_case``:
``api/<tag>/<operationId>.py``, parameters by their snake-case names, the body as ``body``).
The two API headers go as the tool's docs say: the key as ``AuthenticatedClient``'s token
under its own header name, the secret as a header. Prints one JSON line per call: the
operation, the status, the raw answer, the class the client parsed it into, that object's
``to_dict()`` and the media type of the body sent.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from openapi_python_client.strings import snake_case

from spec_compat.call_plan import Call, plan, walk
from spec_compat.stock_python_client import PACKAGE


def function_of(call: Call) -> str:
    """The module of the operation's function: ``api.meeting.create_meeting``."""
    return f"api.{snake_case(call.operation.tag)}.{snake_case(call.operation_id)}"


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

    def call(self, call: Call, path: dict[str, str], body: Any) -> dict[str, Any]:
        """``api.<tag>.<operation>.sync_detailed(...)``; print the record, return the answer."""
        record: dict[str, Any] = {"operation": call.operation_id}
        raw: dict[str, Any] = {}
        self.media_type = None
        try:
            module = importlib.import_module(f"{PACKAGE}.{function_of(call)}")
            kwargs: dict[str, Any] = {snake_case(name): value for name, value in path.items()}
            if body is not None:
                kwargs["body"] = getattr(self.models, str(call.body_schema)).from_dict(body)
            answer = module.sync_detailed(client=self.client, **kwargs)
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

    def run(self) -> None:
        """The plan's calls, every encoding of each body."""
        walk(plan(), self.call, "stock")


def main() -> None:
    base_url, key, secret = sys.argv[1:4]
    Driver(base_url, key, secret).run()


if __name__ == "__main__":
    main()
