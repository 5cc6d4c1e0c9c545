"""The backup archive: a gzipped tar with the database, the data folder and a manifest.

Layout::

    manifest.json             what the archive holds, with the SHA-256 of every other member
    database/weerbaar.dump    PostgreSQL: ``pg_dump --format=custom``
    database/weerbaar.sqlite3 SQLite: a consistent copy made with the backup API
    data/<path>               the stored files (uploads, evidence, report files)

The archive may hold personal data: it is written with mode 0600 and should be stored as
carefully as the database itself. Checksums detect a damaged or altered member; they are no
signature (whoever may change the archive may change its manifest too).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

MANIFEST = "manifest.json"
FORMAT = "weerbaar-backup"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be used; nothing was changed."""


@dataclass(frozen=True)
class Member:
    name: str
    sha256: str
    size: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def private_file(path: Path) -> IO[bytes]:
    """A new file only its owner can read (0600), whatever the umask; an existing one is kept."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ArchiveError(f"{path} exists already; choose another --output") from None
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def _tarinfo(name: str, size: int, mtime: float = 0) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(mtime)
    return info


def write_archive(
    output: Path, files: list[tuple[str, Path]], manifest: dict[str, Any]
) -> dict[str, Any]:
    """Write ``files`` (archive name, source path) and the manifest with their checksums.

    Written to a temporary name beside ``output`` and renamed when complete, so an archive
    under the final name is never half-written.
    """
    members: dict[str, dict[str, Any]] = {}
    partial = output.with_name(output.name + ".partial")
    try:
        with private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name, source in files:
                check_name(name)
                with source.open("rb") as handle:
                    size = os.fstat(handle.fileno()).st_size
                    reader = _HashingReader(handle)
                    tar.addfile(_tarinfo(name, size, source.stat().st_mtime), reader)
                members[name] = {"sha256": reader.hexdigest(), "size": size}
            manifest = {**manifest, "members": members}
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            tar.addfile(_tarinfo(MANIFEST, len(body)), io.BytesIO(body))
        if output.exists():
            raise ArchiveError(f"{output} exists already; choose another --output")
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


class _HashingReader(io.RawIOBase):
    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self._digest.update(chunk)
        return chunk

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def check_name(name: str) -> PurePosixPath:
    """A member name is relative, without ``..``, under ``database/`` or ``data/``."""
    path = PurePosixPath(name)
    if name == MANIFEST:
        return path
    if (
        path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or len(path.parts) < 2
        or path.parts[0] not in {"database", "data"}
        or (path.parts[0] == "database" and len(path.parts) != 2)
    ):
        raise ArchiveError(f"the archive holds an unexpected member {name!r}")
    return path


def unpack_verified(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack every member into ``staging`` and check it against the manifest.

    Raises :class:`ArchiveError` for anything but a complete, unaltered Weerbaar backup:
    unreadable archive, missing or unknown member, a link or device, a size or checksum that
    does not match. Only ``staging`` is written to.
    """
    found: dict[str, Member] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            for info in _members(tar):
                if not info.isreg():
                    raise ArchiveError(f"the archive member {info.name!r} is not a plain file")
                if info.name in found or (info.name == MANIFEST and manifest is not None):
                    raise ArchiveError(f"the archive holds {info.name!r} twice")
                path = check_name(info.name)
                source = tar.extractfile(info)
                assert source is not None  # a regular file always has contents
                if info.name == MANIFEST:
                    manifest = _read_manifest(source.read())
                    continue
                target = staging.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("xb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                found[info.name] = Member(info.name, digest.hexdigest(), info.size)
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"the archive cannot be read: {exc}") from None
    if manifest is None:
        raise ArchiveError("the archive has no manifest.json: it is not a Weerbaar backup")
    _compare(manifest["members"], found)
    return manifest


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while (info := tar.next()) is not None:
        yield info


def _read_manifest(body: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(body)
    except ValueError:
        raise ArchiveError("manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("manifest.json does not describe a Weerbaar backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"backup format version {manifest.get('format_version')!r} is not supported "
            f"(this version reads {FORMAT_VERSION})"
        )
    if not isinstance(manifest.get("members"), dict):
        raise ArchiveError("manifest.json lists no members")
    return manifest


def _compare(listed: dict[str, dict[str, Any]], found: dict[str, Member]) -> None:
    missing = sorted(set(listed) - set(found))
    if missing:
        raise ArchiveError(f"members listed in the manifest are missing: {', '.join(missing)}")
    unknown = sorted(set(found) - set(listed))
    if unknown:
        raise ArchiveError(f"members not listed in the manifest: {', '.join(unknown)}")
    for name, member in sorted(found.items()):
        entry = listed[name]
        if not isinstance(entry, dict) or entry.get("sha256") != member.sha256:
            raise ArchiveError(f"checksum mismatch for {name}: the archive was damaged or altered")
        if entry.get("size") != member.size:
            raise ArchiveError(f"size mismatch for {name}: the archive was damaged or altered")
