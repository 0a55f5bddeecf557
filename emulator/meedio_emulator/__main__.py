"""``python -m meedio_emulator``: the same CLI as ``meedio-emulator``."""

from meedio_emulator.cli import main

main()
