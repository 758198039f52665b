"""Device rows: what each client last said, on the server clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, case, select
from sqlalchemy.dialects import postgresql, sqlite

from presence import AppState, Device, DeviceSignals
from server.store import tables

_DEVICES = select(tables.devices).where(
    tables.devices.c.user_id.in_(bindparam("ids", expanding=True))
)


def load_devices(connection: Connection, user_ids: Sequence[str]) -> dict[str, list[Device]]:
    found: dict[str, list[Device]] = {user_id: [] for user_id in user_ids}
    rows = connection.execute(_DEVICES, {"ids": list(user_ids)}).all()
    for row in rows:
        signals = DeviceSignals(row.in_call, row.calendar_busy_until, row.do_not_disturb)
        found[row.user_id].append(
            Device(
                row.device_id,
                AppState(row.app_state),
                row.last_seen_at,
                row.last_active_at,
                signals,
            )
        )
    return found


def reported_last_active(
    app_state: AppState, idle_seconds: float | None, now: datetime
) -> datetime | None:
    """When the heartbeat says the person was last active; None when it cannot tell.

    A client that cannot measure idleness counts as active while it is in the foreground.
    """
    if idle_seconds is not None:
        return now - timedelta(seconds=idle_seconds)
    return now if app_state is AppState.FOREGROUND else None


def upsert_device(
    connection: Connection,
    user_id: str,
    device: Device,
    platform: str,
    *,
    exists: bool,
) -> None:
    values = {
        "platform": platform,
        "app_state": device.app_state.value,
        "last_seen_at": device.last_seen_at,
        "last_active_at": device.last_active_at,
        "in_call": device.signals.in_call,
        "calendar_busy_until": device.signals.calendar_busy_until,
        "do_not_disturb": device.signals.do_not_disturb,
    }
    table = tables.devices
    if exists:
        connection.execute(
            table.update()
            .where(table.c.user_id == user_id)
            .where(table.c.device_id == device.device_id)
            .values(**values)
        )
        return
    # Two first heartbeats of one device can race (PostgreSQL): the second updates what
    # the first inserted, and last_active_at still never moves backwards.
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(user_id=user_id, device_id=device.device_id, **values)
    newer = case(
        (
            statement.excluded.last_active_at > table.c.last_active_at,
            statement.excluded.last_active_at,
        ),
        else_=table.c.last_active_at,
    )
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.user_id, table.c.device_id],
            set_={
                "platform": statement.excluded.platform,
                "app_state": statement.excluded.app_state,
                "last_seen_at": statement.excluded.last_seen_at,
                "last_active_at": newer,
                "in_call": statement.excluded.in_call,
                "calendar_busy_until": statement.excluded.calendar_busy_until,
                "do_not_disturb": statement.excluded.do_not_disturb,
            },
        )
    )


def count_session_end_as_activity(connection: Connection, user_id: str, now: datetime) -> None:
    """The end of a session counts as the person's last activity on every device: they
    were working through it, whatever their keyboard said."""
    table = tables.devices
    connection.execute(
        table.update()
        .where(table.c.user_id == user_id)
        .where(table.c.last_active_at < now)
        .values(last_active_at=now)
    )


def forget_devices(connection: Connection, user_id: str, device_ids: Sequence[str]) -> None:
    connection.execute(
        tables.devices.delete()
        .where(tables.devices.c.user_id == user_id)
        .where(tables.devices.c.device_id.in_(list(device_ids)))
    )


def mark_offline(connection: Connection, user_id: str, device_id: str, now: datetime) -> bool:
    """Mark one device offline; False when there is no such device."""
    result = connection.execute(
        tables.devices.update()
        .where(tables.devices.c.user_id == user_id)
        .where(tables.devices.c.device_id == device_id)
        .values(app_state=AppState.OFFLINE.value, last_seen_at=now)
    )
    return result.rowcount > 0
