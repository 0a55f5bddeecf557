"""The spec at the bottom of the house: the toolkit's one OpenAPI reader (``document``), the
operation index (``operations``), the one path matcher (``paths``) and the resource kinds
(``kinds``). Every wing may import it; it imports no wing. The emulator's wheel carries it
(with the specs) so that the emulator installs alone.
"""
