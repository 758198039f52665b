"""Every sentence the person reads, in one place, through Qt's translation (`tr`).

Modules: `status_words` (statuses and reasons), `connection` (the link to the server),
`notices` (notifications), `sync_messages` and `session_messages` (what went wrong and
what the app did), `times` (times and durations in the person's locale).
"""
