"""The gate's tests (make spec-compat runs this folder)."""
