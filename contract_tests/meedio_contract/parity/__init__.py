"""Parity: the emulator held against what the real API answered (LocalStack's snapshot
parity, recorded by the nightly run itself). ``scenarios`` reads what to play, ``record``
plays it and keeps each exchange through ``transform``'s placeholders, ``compare`` says what
an app would see differently, ``verify`` judges and reports. Imports only ``core``."""
