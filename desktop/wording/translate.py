"""The one door every sentence the person reads goes through, so Qt can translate it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

# One context for the whole app, so a translator sees each sentence once. It is the
# empty one because `pyside6-lupdate` files the strings of a free `tr()` under it.
CONTEXT = ""


def tr(source: str, /, **values: object) -> str:
    """`source` in the person's language, with `{name}` fields filled from `values`.

    The fields are filled after translation, so a translation may reorder them.
    """
    text = QCoreApplication.translate(CONTEXT, source)
    return text.format(**values) if values else text


# Named as Qt's marker, so that lupdate finds the strings it marks.
def QT_TR_NOOP(source: str, /) -> str:
    """Marks `source` for translation where it is written (a table); `tr()` translates it
    where it is used."""
    return source
