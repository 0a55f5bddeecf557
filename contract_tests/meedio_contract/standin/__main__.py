"""``python -m meedio_contract.standin``: serve the stand-in (see ``server.main``)."""

from meedio_contract.standin.server import main

main()
