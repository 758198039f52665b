#!/bin/sh
# Put Availability in the application menu, or take it out again.
#
#   ./install.sh                 for you: ~/.local/bin, ~/.local/share
#   sudo PREFIX=/usr/local ./install.sh
#                                for everyone: /usr/local/bin, /usr/local/share
#   ./install.sh --uninstall     take out what install.sh put in (same PREFIX)
#
# It runs from the unpacked bundle and leaves the bundle where it is: the menu entry
# and the `availability` command point at this folder, so move the folder first.
set -eu

APP_ID=org.availability.Availability
here=$(cd "$(dirname "$0")" && pwd -P)
prefix=${PREFIX:-$HOME/.local}
share=$prefix/share
bin=$prefix/bin
sizes="16 22 24 32 48 64 128 256"

refresh_caches() {
    # Menus and icon themes notice new files by themselves on most desktops; these make
    # sure of it where the tools exist.
    if command -v update-desktop-database > /dev/null 2>&1; then
        update-desktop-database -q "$share/applications" 2> /dev/null || true
    fi
    if command -v gtk-update-icon-cache > /dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$share/icons/hicolor" 2> /dev/null || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$share/applications/availability.desktop" "$share/metainfo/$APP_ID.metainfo.xml"
    for size in $sizes; do
        rm -f "$share/icons/hicolor/${size}x${size}/apps/availability.png"
    done
    rm -f "$share/icons/hicolor/scalable/apps/availability.svg"
    # Only our own link: never a different `availability` someone put there.
    if [ -L "$bin/availability" ] && [ "$(readlink "$bin/availability")" = "$here/availability" ]; then
        rm -f "$bin/availability"
    fi
    refresh_caches
    echo "Availability is out of the menu. Delete $here to remove the program itself."
    exit 0
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi

case $here in
    *[\"\`\$\\%]*)
        # The Exec key could hold them only escaped; a plain folder name is simpler.
        echo "install.sh: move the bundle to a folder whose path has no \" \` \$ \\ or %" >&2
        exit 1
        ;;
esac

mkdir -p "$share/applications" "$share/metainfo" "$bin"
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec="%s/availability"\n' "$here" ;;
        *) printf '%s\n' "$line" ;;
    esac
done < "$here/share/applications/availability.desktop" > "$share/applications/availability.desktop"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
for size in $sizes scalable; do
    folder=$size
    [ "$size" = scalable ] || folder=${size}x${size}
    mkdir -p "$share/icons/hicolor/$folder/apps"
    cp "$here/share/icons/hicolor/$folder/apps/"availability.* "$share/icons/hicolor/$folder/apps/"
done
ln -sfn "$here/availability" "$bin/availability"
refresh_caches
echo "Availability is in the application menu, and \`availability\` is in $bin."
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "($bin is not on your PATH; add it to use the command by name.)" ;;
esac
