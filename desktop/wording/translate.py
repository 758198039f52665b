"""The one door every sentence the person reads goes through, so Qt can translate it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

# One context for the whole app: a translator sees each sentence once.
CONTEXT = "Availability"


def tr(source: str, /, **values: object) -> str:
    """`source` in the person's language, with `{name}` fields filled from `values`.

    The fields are filled after translation, so a translation may reorder them.
    """
    text = QCoreApplication.translate(CONTEXT, source)
    return text.format(**values) if values else text
