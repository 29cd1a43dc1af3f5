"""Limits checked on a zip package (.docx, .xlsx) before anything parses it.

A zip file says in its central directory how large each member unpacks to;
:func:`check_zip` reads that directory, refuses what the limits forbid (too many
members, a member or the whole package too large once unpacked, a compression
ratio only a decompression bomb has, a compression method or flag the standard
library cannot read) and then counts the XML elements of every XML member by
streaming it, never holding more than one chunk. :mod:`zipfile` never unpacks
more than the size a member declares (a member that lies fails its CRC check),
so the declared sizes bound the work the parser does afterwards.

Every refusal is a :class:`~cchc_model.errors.FormatError` naming the member and
what to do. Readers of zip-based formats call :func:`check_zip` on the bytes
before opening them with their library.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import attrs

from cchc_model.errors import FormatError

__all__ = ["ZipLimits", "check_zip", "open_zip"]

MB = 1024 * 1024


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"ZipLimits.{attribute.name} must be a positive integer, got {value!r}")


@attrs.frozen(kw_only=True)
class ZipLimits:
    """How much a zip-based document (.docx) may unpack to before it is read.

    The defaults take any real appendix (a few hundred KB unpacked) with a wide
    margin, and keep a hostile 1 MB file under a second and 256 MB of memory.

    >>> ZipLimits().max_total_size // (1024 * 1024), ZipLimits().max_ratio
    (64, 100)
    >>> ZipLimits(max_members=10).max_members
    10
    """

    #: The most members (files) the package may hold.
    max_members: int = attrs.field(default=1000, validator=_positive)
    #: The most bytes one member may unpack to.
    max_member_size: int = attrs.field(default=64 * MB, validator=_positive)
    #: The most bytes all members together may unpack to.
    max_total_size: int = attrs.field(default=64 * MB, validator=_positive)
    #: The highest ratio of unpacked to packed size of a member larger than
    #: ``ratio_floor`` (Word's own XML packs about 5 to 20 times).
    max_ratio: int = attrs.field(default=100, validator=_positive)
    #: Members smaller than this (unpacked) are not held to ``max_ratio``.
    ratio_floor: int = attrs.field(default=1 * MB, validator=_positive)
    #: The most bytes the XML members (``.xml``, ``.rels``: what is parsed) may
    #: unpack to together.
    max_xml_size: int = attrs.field(default=16 * MB, validator=_positive)
    #: The most XML elements (counted as ``<`` signs) in all XML members together:
    #: about 2,500 activities as this library writes them, fewer from Word, which
    #: writes more markup; parsing costs about 2 µs and 400 bytes per element.
    max_xml_elements: int = attrs.field(default=400_000, validator=_positive)


#: The compression methods :mod:`zipfile` reads, and names for those it does not.
_READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_METHODS = {
    1: "Shrink",
    6: "Implode",
    9: "Deflate64",
    12: "bzip2",
    14: "LZMA",
    93: "Zstandard",
    95: "XZ",
    98: "PPMd",
    99: "AES encryption",
}
_RESAVE = "open it in the program that made it (Word, Excel, LibreOffice) and save it again"
_CHUNK = 1 * MB


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    if info.flag_bits & 0x41:  # bit 0: encrypted; bit 6: strong encryption
        return "is encrypted (password-protected)"
    if info.flag_bits & 0x20:
        return "holds compressed patched data (flag bit 5), which cannot be read"
    if info.compress_type not in _READABLE:
        method = _METHODS.get(info.compress_type, "an unknown method")
        return f"is compressed with {method} (method {info.compress_type}), which cannot be read"
    if info.extract_version > zipfile.MAX_EXTRACT_VERSION:
        version = f"{info.extract_version / 10:.1f}"
        return f"needs zip version {version}, which cannot be read"
    return None


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def check_zip(
    data: bytes,
    limits: ZipLimits | None = None,
    *,
    where: str | None = None,
    kind: str = "zip package",
) -> None:
    """Refuse ``data`` (a zip package) if unpacking or parsing it would break ``limits``.

    ``kind`` names the file in messages (".docx document"); ``where`` is its name.

    :raises FormatError: naming the member and the limit, or the zip damage found.
    """
    limits = limits or ZipLimits()
    archive = open_zip(data, where=where, kind=kind)
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise FormatError(
            f"the package holds {len(infos):,} members, more than the limit of "
            f"{limits.max_members:,} (ZipLimits.max_members)",
            where=where,
        )
    total = xml = 0
    for info in infos:
        part = f"member {info.filename!r}"
        problem = _member_problem(info)
        if problem is not None:
            raise FormatError(f"{part} {problem}: {_RESAVE}", where=where)
        size = info.file_size
        if size > limits.max_member_size:
            raise FormatError(
                f"{part} unpacks to {size:,} bytes, more than the limit of "
                f"{limits.max_member_size:,} (ZipLimits.max_member_size)",
                where=where,
            )
        if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
            raise FormatError(
                f"{part} unpacks {size // max(info.compress_size, 1):,} times its packed size, "
                f"more than the limit of {limits.max_ratio} (ZipLimits.max_ratio): "
                "a decompression bomb, not a document",
                where=where,
            )
        total += size
        xml += size if _is_xml(info.filename) else 0
        if xml > limits.max_xml_size:
            raise FormatError(
                f"the XML parts of the package unpack to more than {limits.max_xml_size:,} "
                "bytes (ZipLimits.max_xml_size)",
                where=where,
            )
        if total > limits.max_total_size:
            raise FormatError(
                f"the package unpacks to more than {limits.max_total_size:,} bytes "
                "(ZipLimits.max_total_size)",
                where=where,
            )
    count = 0
    for info in infos:
        if _is_xml(info.filename):
            count = _count_elements(archive, info, limits, count, where=where, kind=kind)


def _count_elements(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: ZipLimits,
    count: int,
    *,
    where: str | None,
    kind: str,
) -> int:
    """``count`` plus the elements of ``info``; a FormatError past the limit."""
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                count += chunk.count(b"<")
                if count > limits.max_xml_elements:
                    raise FormatError(
                        f"the XML parts hold more than {limits.max_xml_elements:,} elements "
                        f"(ZipLimits.max_xml_elements), counted up to member {info.filename!r}",
                        where=where,
                    )
    except FormatError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,  # what the local header says, when it differs
        RuntimeError,  # an encrypted local header
    ) as exc:
        raise FormatError(
            f"damaged {kind}: member {info.filename!r} cannot be unpacked "
            f"({type(exc).__name__}: {exc}); {_RESAVE}",
            where=where,
        ) from None
    return count


def open_zip(
    data: bytes, *, where: str | None = None, kind: str = "zip package"
) -> zipfile.ZipFile:
    """``data`` as a :class:`zipfile.ZipFile`, or a FormatError saying why it is not one."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError) as exc:  # no directory at the end: cut short
        raise FormatError(
            f"damaged {kind}: its end is missing (cut short when copied or downloaded?)"
            f" ({exc}); {_RESAVE}",
            where=where,
        ) from None
    except (zlib.error, OSError, ValueError) as exc:
        raise FormatError(
            f"damaged {kind}: {type(exc).__name__}: {exc}; {_RESAVE}", where=where
        ) from None
    except NotImplementedError as exc:  # e.g. a multi-disk (spanned) archive
        raise FormatError(f"unsupported {kind}: {exc}; {_RESAVE}", where=where) from None
