"""vaultkit: keep up a professional network in a folder of Markdown notes."""

__version__ = "0.1.0"
