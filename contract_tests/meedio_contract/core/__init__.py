"""The bottom layer: settings, the ledger, the budget and journal, the spec index, the resource
kinds and the exit codes. Imports nothing else of the package."""
