"""The reference status API: api (HTTP) → domain (rules) → store (database), wire documents.

The process code sits at the top: the `availability-server` command (`cli`, `commands`),
`settings`, `signing_keys`, `clock`, `startup` (the server context), `runner` and
`embedded` (uvicorn in a thread).
"""
