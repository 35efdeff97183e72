"""meshtui: a terminal interview for the data mesh readiness self-assessment."""

__version__ = "0.1.0"
