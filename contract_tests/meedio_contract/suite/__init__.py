"""The schemathesis suite itself: its command line and its hooks. Imports only ``core``."""
