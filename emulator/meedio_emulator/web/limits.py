"""The emulator's limits on the wire, in one place (the README's table repeats them).

Meedio's API runs on Node (NestJS, see DECISIONS 17), so where Node has a default the
emulator takes it: a client that fits the emulator then fits the API too. Where Node's number
is far above anything a client of a local test server needs, a smaller one is taken.

- ``MAX_HEADER_BYTES``: the request line and header section, as sent. 16 KiB is Node's
  ``--max-http-header-size`` default; Meedio's requests carry a few hundred bytes. Past it the
  answer is 431 (RFC 6585 section 5), before more is read or kept.
- ``MAX_HEADERS``: header fields in one request. 100 is Apache's ``LimitRequestFields`` and
  gunicorn's ``limit_request_fields``; a client sends about ten. Past it: 431.
- ``IDLE_TIMEOUT``: seconds a connection may stay open with no request under way (before
  its first one or after an answer), then it is closed without an answer (RFC 9112 section
  9.5). 5 s is uvicorn's ``timeout_keep_alive`` default and Node's ``keepAliveTimeout``.
- ``REQUEST_TIMEOUT``: seconds from a request's first byte to its body's last, then 408
  (RFC 9110 section 15.5.9) and the connection is closed. Bodies stop at 1 MiB
  (``intake.MAX_BODY_BYTES``), which loopback carries in milliseconds: 10 s only ever cuts
  off a client that is stalling (slowloris), never a slow honest one.
- ``LINGER_TIME``: seconds a refused connection (400, 408, 431, 505) is still read, and what
  comes dropped, after its answer and the end of the server's side, before it is closed
  (RFC 9112 section 9.6). Closing at once with unread input makes the kernel reset the
  connection, and a client still sending (a 300 KB request line) would lose the answer;
  2 s is ample on loopback and bounds how long a refused client holds a connection.
"""

from __future__ import annotations

MAX_HEADER_BYTES = 16 * 1024
MAX_HEADERS = 100
IDLE_TIMEOUT = 5.0
REQUEST_TIMEOUT = 10.0
LINGER_TIME = 2.0
