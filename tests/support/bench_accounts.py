"""Accounts made straight through the server's code, for benches that need many."""

from __future__ import annotations

from collections.abc import Sequence

from presence import Role


def create_accounts(
    database_url: str, password: str, accounts: Sequence[tuple[str, str, Role]]
) -> list[str]:
    """(email, display name, role) each, with `password`; their ids, in order.

    Hashing is cheap and all are made in one transaction: a bench's thousand accounts
    take a second, not the minutes of `availability-server users add` one by one.
    """
    from server.settings import Settings  # imported late: keeps a bench's --help fast
    from server.startup import build_context
    from server.store.users import create_user

    settings = Settings(database_url=database_url, argon2_time_cost=1, argon2_memory_cost=64)
    ctx = build_context(settings)
    password_hash = ctx.passwords.hash(password)
    try:
        with ctx.work(None) as work:
            return [
                create_user(
                    work.connection,
                    email=email,
                    display_name=name,
                    role=role,
                    password_hash=password_hash,
                    now=ctx.clock.now(),
                ).id
                for email, name, role in accounts
            ]
    finally:
        ctx.database.dispose()
