"""What a run found and how it is told: answer shapes, findings, run health, the baseline, the
proposed patch, replays, the report. Imports only ``core``."""
