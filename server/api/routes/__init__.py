"""The HTTP routes of the status API, one module per area."""
