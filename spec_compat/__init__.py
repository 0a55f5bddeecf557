"""The spec-compatibility gate (``make spec-compat``) and the API reference page (``make docs``).

Tools nobody here wrote read ``openapi/meedio-v3.yaml``: openapi-typescript and tsc,
datamodel-code-generator, openapi-generator (python, typescript-fetch), stock
openapi-python-client, four TypeScript clients, Spectral, Specmatic, Redoc. These modules run
them, the clients through the calls ``call_plan`` derives from the spec; the tests in
``spec_compat/tests/`` assert what each does with the spec and with every example in it
(``README.md`` beside this file).
"""
