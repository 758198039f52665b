"""OS idle time, lock, sleep and focus, behind one interface. No widgets."""

from desktop.activity.defaults import default_monitor
from desktop.activity.monitor import ActivityMonitor, MonitorSettings
from desktop.activity.probe import UnknownIdleSource, probe_idle_source
from desktop.activity.state import ActivityState, IdleSource

__all__ = [
    "ActivityMonitor",
    "ActivityState",
    "IdleSource",
    "MonitorSettings",
    "UnknownIdleSource",
    "default_monitor",
    "probe_idle_source",
]
