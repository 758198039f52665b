"""The in-memory keyring backend the app's local mode uses, for tests and benches."""

from desktop.memory_keyring import MemoryKeyring

__all__ = ["MemoryKeyring"]
