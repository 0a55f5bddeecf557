"""The contract suite: schemathesis against the emulator (every change) and the real API (nightly)."""
