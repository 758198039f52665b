"""The version resource of the Windows programs (Explorer's Properties → Details)."""

from __future__ import annotations

from PyInstaller.utils.win32 import versioninfo as vi


def version_info(version: str, file_name: str) -> vi.VSVersionInfo:
    """For `file_name` (e.g. Availability.exe) at `version` ("0.1.0": four numbers at most)."""
    numbers = tuple(int(part) for part in version.split(".")[:4])
    numbers += (0,) * (4 - len(numbers))
    strings = {
        "CompanyName": "Availability",
        "FileDescription": "Availability: shows whether you can take a session right now",
        "FileVersion": version,
        "InternalName": file_name.removesuffix(".exe"),
        "LegalCopyright": "MIT License",
        "OriginalFilename": file_name,
        "ProductName": "Availability",
        "ProductVersion": version,
    }
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            # U.S. English, Unicode: the pair Explorer looks for first.
            vi.StringFileInfo(
                [vi.StringTable("040904B0", [vi.StringStruct(k, v) for k, v in strings.items()])]
            ),
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])]),
        ],
    )
