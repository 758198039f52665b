"""The status API client, credentials, heartbeats, the outbox and the event stream. No widgets."""
