"""URL customisation helper, checked against the parameters the spec describes."""

from __future__ import annotations

import inspect
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from meedio_client.embed import URL_PARAMETERS, customize_url, iframe_html

from tests.support import url_parameters

URL = "https://p2p.meedio.me/meetings/e91254af-e761-4fdb-abe8-b4b1f7f02415"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def test_options_match_the_spec() -> None:
    described = url_parameters()
    assert len(described) == 22
    assert described == URL_PARAMETERS
    keywords = set(inspect.signature(customize_url).parameters) - {"redirect_url"}
    assert keywords == {_snake(name) for name in described}


def test_docs_example() -> None:
    assert customize_url(
        "https://subdomain.meedio.me/meetings/id", name="Simon", tos_accepted=True
    ) == ("https://subdomain.meedio.me/meetings/id?name=Simon&tosAccepted=true")


def test_flags_values_encoding_and_existing_query() -> None:
    url = customize_url(
        URL + "?lang=lt&name=old",
        minimal=True,
        float_self=True,
        name="Jonas & Ona",
        font="Source Sans Pro",
        hangup="confirm",
        theme="dark",
    )
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    assert ("lang", "lt") in pairs and ("name", "Jonas & Ona") in pairs
    assert ("name", "old") not in pairs
    assert "minimal" in parts.query.split("&") and "floatSelf" in parts.query.split("&")
    assert ("font", "Source Sans Pro") in pairs and ("hangup", "confirm") in pairs


@pytest.mark.parametrize(
    "kwargs", [{"theme": "blue"}, {"hangup": "never"}, {"name": ""}, {"video": "on"}]
)
def test_invalid_values_rejected(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        customize_url(URL, **kwargs)  # type: ignore[arg-type]


def test_iframe_is_escaped() -> None:
    snippet = iframe_html('https://x.meedio.me/m?a=1&b="><script>')
    assert "<script>" not in snippet
    assert 'src="https://x.meedio.me/m?a=1&amp;b=&quot;&gt;&lt;script&gt;"' in snippet
    assert 'allow="camera; microphone; capture-display; clipboard-write"' in snippet
    with pytest.raises(ValueError, match="absolute http"):
        iframe_html("javascript:alert(1)")
