"""The client's tuning numbers, in one place (the openai-python layout)."""

import httpx

DEFAULT_BASE_URL = "https://api.meedio.me/api"
ENV_API_KEY = "MEEDIO_API_KEY"
ENV_API_SECRET = "MEEDIO_API_SECRET"  # noqa: S105 - the variable's name, not a secret
ENV_BASE_URL = "MEEDIO_BASE_URL"
ENV_LOG = "MEEDIO_LOG"  # "debug" or "info": log to stderr without configuring logging
SECRET_HEADER = "API_SECRET"  # noqa: S105 - a header name
REDACTED = "***"

# A finite timeout and a short connect timeout: httpx's None would wait forever. The largest
# of its values is also the deadline of a whole call on the wire, retries and waits included.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)

# Every answer of this API is a JSON document of a few KiB: a larger one is refused.
DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5  # seconds, doubled on every retry
MAX_RETRY_DELAY = 8.0  # cap of the computed backoff
MAX_RETRY_AFTER = 60.0  # a longer Retry-After is not waited for: the error is raised
# The docs' "try again later" statuses plus the gateway ones, for requests safe to repeat.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A request not safe to repeat is retried only where the server cannot have acted on it.
UNSAFE_RETRY_STATUSES = frozenset({429, 503})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT", "TRACE"})
