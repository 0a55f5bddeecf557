"""From a spec change to a client release: what breaks (``spec_diff``, ``api_diff``), which
version and what the changelog says (``versioning``), the checks a release must pass (``check``).

Entry points: ``python -m meedio_release.changes`` (``make changes``) and
``python -m meedio_release.check`` (``make release-check``). It lives beside the client, not in
it: it is the client's release tooling and never ships in the ``meedio-client`` wheel.
"""
