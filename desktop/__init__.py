"""The tray client: activity detection, sync with the status API, and the UI."""

__version__ = "0.1.0"  # the one place the version is written (pyproject reads it)
