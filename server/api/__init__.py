"""The HTTP side of the status API: the app, routes, problem answers, event streams."""
