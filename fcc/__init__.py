"""fcc — Freelancer Command Center."""

__version__ = "0.1.0"
