"""The rules applied to requests: sign-in, heartbeats, availability edits, sessions."""
