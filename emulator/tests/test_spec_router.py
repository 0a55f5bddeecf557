"""The router compiled from a document: which route a path reaches, by the rule the app
relies on (literal segments win over parameters, the longer template first), whatever the
order of the document's paths, and nothing reached by a near miss."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from meedio_emulator.web.spec import SpecRouter, compiled_router

from meedio_spec.document import find_spec_dir, load_document
from meedio_spec.paths import PathMatcher, parameter_names

TEMPLATES = ("/v3/rooms/{slug}", "/v3/rooms/queue", "/v3/rooms/queue/{id}", "/v3/{kind}/{id}")


def _document(templates: tuple[str, ...]) -> dict[str, Any]:
    paths = {
        template: {"get": {"operationId": f"get{index}", "responses": {"200": {}}}}
        for index, template in enumerate(templates)
    }
    return {"openapi": "3.1.0", "paths": paths}


def pattern_of(path_template: str, names: Any) -> re.Pattern[str]:
    """The template as the regular expression the matcher stands in for: "[^/]+" a value."""
    regex = re.escape(path_template)
    for name in names:
        regex = regex.replace(re.escape("{" + name + "}"), f"(?P<{name}>[^/]+)")
    return re.compile(regex)


def first_reached(patterns: list[tuple[re.Pattern[str], Any]], path: str) -> Any:
    """(what, its values) of the first pattern that matches all of ``path``, or None."""
    return next(
        (
            (what, found.groupdict())
            for pattern, what in patterns
            if (found := pattern.fullmatch(path))
        ),
        None,
    )


@pytest.mark.parametrize("order", list(itertools.permutations(TEMPLATES)))
def test_a_path_reaches_the_same_route_whatever_the_documents_order(
    order: tuple[str, ...],
) -> None:
    router = SpecRouter(_document(order), prefix="/api")

    def reached(path: str) -> tuple[str, dict[str, str]] | None:
        matched = router.match(path)
        return None if matched is None else (matched[1].template, matched[2])

    assert reached("/api/v3/rooms/queue") == ("/v3/rooms/queue", {})
    assert reached("/api/v3/rooms/queue/q1") == ("/v3/rooms/queue/{id}", {"id": "q1"})
    assert reached("/api/v3/rooms/clinic") == ("/v3/rooms/{slug}", {"slug": "clinic"})
    assert reached("/api/v3/meeting/m1") == ("/v3/{kind}/{id}", {"kind": "meeting", "id": "m1"})
    # "$" would admit a final newline into the literal route; a full match leaves it to the
    # parameter, whose schema then judges it
    assert reached("/api/v3/rooms/queue\n") == ("/v3/rooms/{slug}", {"slug": "queue\n"})
    for near_miss in (
        "/v3/rooms/queue",  # without the prefix
        "/api/v3/rooms/queue/",
        "/api/v3/rooms/",
        "/api/v3/rooms/queue/q1/more",
        "/API/v3/rooms/queue",
    ):
        assert reached(near_miss) is None, near_miss


def test_a_last_segment_parameter_is_matched_as_its_pattern_would() -> None:
    # The matcher reads a template's one trailing parameter without its regular expression
    # (the emulator matches on every request); what it reaches must be what the pattern
    # "[^/]+", in the matcher's order, reaches, for the real spec and awkward values.
    router = SpecRouter(load_document(find_spec_dir() / "meedio-v3.yaml"), prefix="/api")
    patterns = [(pattern_of("/api" + r.template, r.param_names), r) for r in router.routes]
    values = ["x", "queue", "a b", "queue\n", "", "x/y", "x/", "/x", "%2F", "\u00e9", "{id}"]
    paths = [
        "/api" + route.template.replace("{" + name + "}", value)
        for route in router.routes
        for name in route.param_names
        for value in values
    ]
    paths += ["/api/v3/meeting", "/api/v3/meeting/", "/v3/meeting/x", "/api/v3/meeting//x"]
    for path in paths:
        matched = router.match(path)
        expected = first_reached(patterns, path)
        assert (None if matched is None else (matched[1], matched[2])) == expected, path


def test_the_last_segment_lookup_keeps_the_matchers_order() -> None:
    # meedio_spec.paths looks a path's last segment up among the leading last-segment
    # templates and tries the rest in order: what it reaches must be what the patterns, in
    # the matcher's order, reach, for templates that nest, share text or take several values.
    # "/b/{v}" comes after "/{k}/c" (as long, listed later): "/b/c" is the pattern's.
    templates = [
        "/a/{x}",
        "/a/b/{y}",
        "/{k}/c",
        "/{k}/{j}",
        "/{id}",
        "/a/b",
        "/q/{z}/r/{w}",
        "/b/{v}",
    ]
    for prefix in ("", "/api"):
        matcher = PathMatcher(((t, t) for t in templates), prefix)
        patterns = [(pattern_of(prefix + t, parameter_names(t)), t) for t in matcher.templates]
        segments = ["a", "b", "c", "r", "q", "", "x y", "\n"]
        paths = {
            prefix + "".join("/" + s for s in combination)
            for size in range(1, 5)
            for combination in itertools.product(segments, repeat=size)
        }
        paths |= {"", "/", "a", prefix, prefix + "/", prefix + "//", "x/y"}
        for path in sorted(paths):
            expected = first_reached(patterns, path)
            matched = matcher.match(path)
            assert (None if matched is None else (matched[0], matched[2])) == expected, path


def test_a_document_is_compiled_once_per_version_of_its_file(tmp_path: Path) -> None:
    """Every in-process emulator shares the routers compiled from ``openapi/`` (parsing and
    compiling is most of an app's start); a file written again is compiled again."""
    spec = tmp_path / "meedio-v3.yaml"
    shutil.copy(find_spec_dir() / "meedio-v3.yaml", spec)
    first = compiled_router(spec, "/api")
    assert compiled_router(spec, "/api") is first
    assert compiled_router(spec) is not first  # another prefix, another router
    document = load_document(spec)
    document["paths"]["/v3/added"] = {"get": {"operationId": "getAdded", "responses": {}}}
    spec.write_text(yaml.safe_dump(document))
    again = compiled_router(spec, "/api")
    assert again is not first and "getAdded" in again.by_id and "getAdded" not in first.by_id
