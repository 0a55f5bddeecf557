"""The emulated Meedio: plain Python, no HTTP (the moto ``models.py`` side)."""
