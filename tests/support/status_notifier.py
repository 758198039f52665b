"""The app's tray icon as GNOME Shell's AppIndicator extension sees it: a
StatusNotifierItem and its com.canonical.dbusmenu menu, read over the session bus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.support.gnome_shell import WATCHER, BusCallFailed, GnomeSession

ITEM_INTERFACE = "org.kde.StatusNotifierItem"
MENU_INTERFACE = "com.canonical.dbusmenu"


@dataclass(frozen=True)
class MenuItem:
    """One entry of a dbusmenu layout."""

    id: int
    label: str
    enabled: bool
    children: tuple[MenuItem, ...]
    visible: bool = True

    def find(self, *labels: str) -> MenuItem | None:
        """The item reached by following `labels` down from here, or None."""
        if not labels:
            return self
        for child in self.shown():
            if child.label == labels[0]:
                return child.find(*labels[1:])
        return None

    def shown(self) -> list[MenuItem]:
        """The entries the extension shows: a hidden action is still in the layout."""
        return [child for child in self.children if child.visible]

    def labels(self) -> list[str]:
        return [child.label for child in self.shown() if child.label]


def _menu_item(layout: list[Any]) -> MenuItem:
    item_id, properties, children = layout
    label = properties.get("label", {}).get("data", "")
    enabled = properties.get("enabled", {}).get("data", True)
    visible = properties.get("visible", {}).get("data", True)
    return MenuItem(
        int(item_id),
        # dbusmenu marks a mnemonic with "_" where Qt has "&".
        str(label).replace("_", ""),
        bool(enabled),
        tuple(_menu_item(child["data"]) for child in children),
        bool(visible),
    )


class StatusNotifierItem:
    """The items the StatusNotifierWatcher knows, and what one of them shows."""

    def __init__(self, session: GnomeSession) -> None:
        self._session = session

    def registered(self) -> list[str]:
        """The watcher's RegisteredStatusNotifierItems ("service/path" or "service@/path")."""
        try:
            items = self._session.get_property(*WATCHER, "RegisteredStatusNotifierItems")
        except BusCallFailed:
            return []
        return [str(item) for item in items]

    def address(self) -> tuple[str, str] | None:
        """(service, object path) of the one registered item, or None before it registers."""
        items = self.registered()
        if not items:
            return None
        assert len(items) == 1, items
        service, slash, path = items[0].partition("/")
        return service.rstrip("@"), slash + path

    def _address(self) -> tuple[str, str]:
        found = self.address()
        assert found is not None, "no StatusNotifierItem is registered"
        return found

    def item_property(self, name: str) -> Any:
        service, path = self._address()
        return self._session.get_property(service, path, ITEM_INTERFACE, name)

    def tooltip(self) -> tuple[str, str]:
        """The tooltip's (title, text)."""
        _icon_name, _pixmaps, title, text = self.item_property("ToolTip")
        return str(title), str(text)

    def icon_pixels(self) -> bytes:
        """The icon's largest pixmap, ARGB32 bytes (what the panel draws)."""
        pixmaps = self.item_property("IconPixmap")
        assert pixmaps, "the item has no icon pixmap"
        _width, _height, data = max(pixmaps, key=lambda pixmap: pixmap[0] * pixmap[1])
        return bytes(data)

    def _menu_path(self) -> tuple[str, str]:
        service, _path = self._address()
        return service, str(self.item_property("Menu"))

    def menu(self) -> MenuItem:
        """The whole menu, as the extension asks for it before showing it."""
        service, path = self._menu_path()
        self._session.call(service, path, MENU_INTERFACE, "AboutToShow", "i", "0")
        _revision, layout = self._session.call(
            service, path, MENU_INTERFACE, "GetLayout", "iias", "0", "-1", "0"
        )
        return _menu_item(layout)

    def click(self, *labels: str) -> None:
        """Choose the entry reached by `labels`, as the extension does on a click."""
        item = self.menu().find(*labels)
        assert item is not None, f"no menu entry {' > '.join(labels)} in {self.menu()}"
        service, path = self._menu_path()
        self._session.call(
            service, path, MENU_INTERFACE, "Event", "isvu", str(item.id), "clicked", "i", "0", "0"
        )
