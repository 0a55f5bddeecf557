"""The spec-compatibility gate (``make spec-compat``) and the API reference page (``make docs``).

Tools nobody here wrote read ``openapi/meedio-v3.yaml``: openapi-typescript and tsc,
datamodel-code-generator, openapi-generator (python, typescript-fetch), Spectral, Redoc. These
modules run them; ``tests/test_spec_compat.py`` and ``tests/test_docs_page.py`` assert what
each does with the spec and with every example in it.
"""
