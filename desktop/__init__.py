"""The tray client: activity detection, sync with the status API, and the UI."""
