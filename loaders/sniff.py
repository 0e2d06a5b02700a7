"""What an upload is, from its bytes: .xlsx or .ods (zip), .xls (OLE2) or else CSV text.

Files clerks upload by mistake (images, PDF, Word, renamed archives, encrypted workbooks)
are refused here with a message saying what they are.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from loaders.messages import (MSG_CORRUPT, MSG_NOT_SHEET, MSG_PASSWORD, MSG_POWERPOINT, MSG_WORD,
                              MSG_XLSB, MSG_ZIP, unreadable)

# Magic bytes of files clerks upload by mistake, with what to call them.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG图片"),
    (b"\xff\xd8\xff", "JPEG图片"),
    (b"GIF87a", "GIF图片"),
    (b"GIF89a", "GIF图片"),
    (b"%PDF-", "PDF文档"),
    (b"Rar!\x1a\x07", "RAR压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z压缩包"),
    (b"\x1f\x8b", "gzip压缩包"),
    (b"{\\rtf", "RTF文档"),
]
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# The mimetype member of an OpenDocument spreadsheet (.ods) and of its template (.ots).
_ODS_MIMETYPES = (b"application/vnd.oasis.opendocument.spreadsheet",
                  b"application/vnd.oasis.opendocument.spreadsheet-template")
_END_OF_CHAIN, _FREE = 0xFFFFFFFE, 0xFFFFFFFF


def file_kind(data: bytes, filename: str) -> str:
    """'xlsx', 'ods', 'xls' or 'csv', or raise UnreadableFile saying what the file is instead."""
    if data.startswith(_OLE2):
        return _sniff_ole2(data, filename)
    if data.startswith(_ZIP):
        return _sniff_zip(data, filename)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise unreadable(filename, MSG_NOT_SHEET.format(f"看起来是{what}"))
    return "csv"


# --------------------------------------------------------------------------- zip

def _sniff_zip(data: bytes, filename: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""  # OpenDocument
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        raise unreadable(filename, MSG_CORRUPT) from None
    if "xl/workbook.bin" in names:
        raise unreadable(filename, MSG_XLSB)
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if mimetype in _ODS_MIMETYPES:
        return "ods"
    raise _other_zip(mimetype, names, filename)


def _other_zip(mimetype: bytes, names: set[str], filename: str) -> Exception:
    """The error for a zip that is not a workbook: Word, PowerPoint, ODF text or a plain archive."""
    if any(name.startswith("word/") for name in names):
        return unreadable(filename, MSG_WORD)
    if any(name.startswith("ppt/") for name in names):
        return unreadable(filename, MSG_POWERPOINT)
    if "content.xml" in names and b"text" in mimetype:
        return unreadable(filename, MSG_NOT_SHEET.format("看起来是ODT文字文档"))
    if "[Content_Types].xml" in names:
        return unreadable(filename, MSG_CORRUPT)  # an Office file without its workbook part
    return unreadable(filename, MSG_ZIP)


# --------------------------------------------------------------------------- OLE2

def _sniff_ole2(data: bytes, filename: str) -> str:
    """OLE2 holds .xls, but also encrypted .xlsx (EncryptedPackage), .doc and .ppt."""
    try:
        names = _ole2_stream_names(data)
    except _Corrupt:
        raise unreadable(filename, MSG_CORRUPT) from None
    if "encryptedpackage" in names or "encryptioninfo" in names:
        raise unreadable(filename, MSG_PASSWORD)
    if "workbook" in names or "book" in names:
        return "xls"
    if "worddocument" in names:
        raise unreadable(filename, MSG_WORD)
    if "powerpoint document" in names:
        raise unreadable(filename, MSG_POWERPOINT)
    raise unreadable(filename, MSG_NOT_SHEET.format("无法识别的Office文件"))


class _Corrupt(Exception):
    pass


class _Sectors:
    """The sectors of an OLE2 compound file (MS-CFB), checked against the file's length."""

    def __init__(self, data: bytes):
        if len(data) < 512:
            raise _Corrupt
        sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
        if sector_shift not in (9, 12):
            raise _Corrupt
        self.data = data
        self.size = 1 << sector_shift
        self.count = len(data) // self.size + 1

    def __getitem__(self, n: int) -> bytes:
        start = (n + 1) * self.size
        if n >= self.count or start + self.size > len(self.data):
            raise _Corrupt
        return self.data[start:start + self.size]

    def numbers(self, n: int) -> tuple[int, ...]:
        """Sector n as 32-bit sector numbers (FAT and DIFAT sectors)."""
        return struct.unpack(f"<{self.size // 4}I", self[n])


def _ole2_stream_names(data: bytes) -> set[str]:
    """Lower-cased names of the entries in an OLE2 compound file's directory (MS-CFB).

    Written here rather than taken from olefile: olefile reads a file cut short in its last
    sectors, and python-calamine then panics on it (a Rust panic, not an Exception) or reads it
    whole; this parser refuses every sector the FAT or directory needs that the bytes lack."""
    sectors = _Sectors(data)
    n_fat, first_dir, _, _, _, _, first_difat, n_difat = struct.unpack_from("<8I", data, 0x2C)
    fat_sectors = _fat_sectors(sectors, first_difat, n_difat)
    fat = []
    for n in fat_sectors[:n_fat or len(fat_sectors)]:
        fat.extend(sectors.numbers(n))
    return _directory_names(sectors, fat, first_dir)


def _fat_sectors(sectors: _Sectors, first_difat: int, n_difat: int) -> list[int]:
    """The sectors holding the FAT: up to 109 listed in the header, the rest in the DIFAT chain."""
    unused = (_FREE, _END_OF_CHAIN)
    found = [n for n in struct.unpack_from("<109I", sectors.data, 0x4C) if n not in unused]
    next_difat = first_difat
    for _ in range(min(n_difat, sectors.count)):
        if next_difat in unused:
            break
        entries = sectors.numbers(next_difat)
        found += [n for n in entries[:-1] if n not in unused]
        next_difat = entries[-1]
    return found


def _directory_names(sectors: _Sectors, fat: list[int], first_dir: int) -> set[str]:
    """Follow the directory's sector chain through the FAT, collecting entry names."""
    names, current, seen = set(), first_dir, set()
    while current != _END_OF_CHAIN:
        if current in seen or current >= len(fat):
            raise _Corrupt
        seen.add(current)
        names |= _entry_names(sectors[current])
        current = fat[current]
    return names


def _entry_names(block: bytes) -> set[str]:
    """Names of the storages and streams among one directory sector's 128-byte entries."""
    names = set()
    for offset in range(0, len(block), 128):
        name_len, kind = struct.unpack_from("<HB", block, offset + 64)
        if kind in (1, 2) and 2 <= name_len <= 64:
            names.add(block[offset:offset + name_len - 2].decode("utf-16-le", "replace").lower())
    return names
