"""Uploading a library through the web: a draft until it is published as a new version.

Who: the platform beheerder (superuser), for the whole platform or a region, and a RIEC
adviser, for their own region only. A regional library is seen only in its region (see
``LibraryVersionQuerySet.visible_to``) and is never offered for scans. An upload is checked
before it is parsed (:mod:`weerbaar.core.uploads`: type, size, unpacked size), a ZIP is
unpacked without leaving its folder (no absolute paths, no ``..``, no symbolic links), and
the library is validated as the command line does. A valid upload is stored as a
:class:`~weerbaar.library.models.LibraryDraft`; publishing installs it as an immutable
:class:`~weerbaar.library.models.LibraryVersion`. Both are recorded in the audit log.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.core.uploads import check_upload

from .loader import (
    Bundle,
    LibraryError,
    LibraryValidationError,
    current_version,
    install_bundle,
    read_bundle,
    version_ids,
)
from .models import DraftStatus, LibraryDraft, LibraryVersion
from .spreadsheet import bundle_from_workbook

KINDS = {"zip", "xlsx"}


def region_model() -> Any:
    """The RIEC region model, as the drafts' foreign key names it."""
    return LibraryDraft._meta.get_field("region").related_model


def upload_regions(user) -> QuerySet:
    """The regions the user may upload a library for (every region for the beheerder)."""
    regions = region_model().objects.order_by("name")
    if user.is_superuser:
        return regions
    return regions.filter(memberships__user=user).distinct()


def may_upload(user) -> bool:
    """The platform beheerder and RIEC advisers manage libraries."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or upload_regions(user).exists())
    )


def drafts_for(user) -> QuerySet[LibraryDraft]:
    return LibraryDraft.objects.visible_to(user).select_related("region", "published_version")


@dataclass
class UploadResult:
    draft: LibraryDraft | None
    errors: list[LibraryError] = field(default_factory=list)


# ----------------------------------------------------------------------------- reading


def _unsafe(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return name.startswith("/") or "\\" in name or ".." in parts or bool(parts and ":" in parts[0])


def unpack(archive: zipfile.ZipFile, target: Path) -> Path:
    """Unpack ``archive`` into ``target``; the folder that holds ``manifest.yaml``.

    Raises ``ValidationError`` for a member outside the folder or a symbolic link.
    """
    for info in archive.infolist():
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ValidationError(
                _("Het ZIP-bestand bevat een snelkoppeling (%(name)s); die wordt niet verwerkt.")
                % {"name": info.filename},
                code="symlink",
            )
        if _unsafe(info.filename):
            raise ValidationError(
                _(
                    "Het ZIP-bestand bevat een pad buiten de eigen map (%(name)s); "
                    "het wordt daarom niet verwerkt."
                )
                % {"name": info.filename},
                code="traversal",
            )
    try:
        for info in archive.infolist():
            if info.is_dir():
                continue
            dest = target.joinpath(*PurePosixPath(info.filename).parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)
    except OSError:  # e.g. a member that is both a file and a folder
        raise ValidationError(
            _("Het ZIP-bestand kan niet worden uitgepakt; maak het opnieuw aan."), code="unpack"
        ) from None
    if (target / "manifest.yaml").exists():
        return target
    folders = [d for d in target.iterdir() if d.is_dir() and (d / "manifest.yaml").exists()]
    return folders[0] if len(folders) == 1 else target


def alias_errors(root: Path) -> list[LibraryError]:
    """YAML anchors and aliases are refused in uploads: they can make a small file expand."""
    errors = []
    for path in sorted(root.rglob("*.y*ml")):
        name = path.relative_to(root).as_posix()
        try:
            for event in yaml.parse(path.read_bytes(), Loader=yaml.CSafeLoader):
                if isinstance(event, yaml.AliasEvent):
                    line = event.start_mark.line + 1 if event.start_mark else None
                    errors.append(LibraryError(name, line, "", "YAML alias", "yaml_alias"))
                    break
        except yaml.YAMLError:
            continue  # reported with its line when the bundle is read
    return errors


def reference_ids() -> dict[str, set[str]]:
    """Ids of the current reference framework, which an uploaded library may refer to."""
    version = current_version()
    return version_ids(version) if version is not None else {}


def read_upload(file: IO[bytes], kind: str, name: str) -> tuple[Bundle | None, list[LibraryError]]:
    """The bundle in an upload that ``check_upload`` accepted, or its errors."""
    external = reference_ids()
    if kind == "xlsx":
        file.seek(0)
        return bundle_from_workbook(file, name, external)
    file.seek(0)
    with zipfile.ZipFile(file) as archive, tempfile.TemporaryDirectory() as tmp:
        root = unpack(archive, Path(tmp))
        errors = alias_errors(root)
        if errors:
            return None, errors
        try:
            return read_bundle(root, external), []
        except LibraryValidationError as exc:
            return None, exc.errors


def _scope_errors(bundle: Bundle, region_id: int | None) -> list[LibraryError]:
    """An identifier belongs to one scope; a published version number is never reused."""
    versions = LibraryVersion.objects.filter(identifier=bundle.identifier)
    same_scope = (
        versions.filter(region__isnull=True)
        if region_id is None
        else versions.filter(region_id=region_id)
    )
    if versions.exclude(pk__in=same_scope.values("pk")).exists():
        return [
            LibraryError(
                "manifest.yaml",
                None,
                "id",
                f"identifier {bundle.identifier} belongs to another scope",
                "identifier_taken",
                (("identifier", bundle.identifier),),
            )
        ]
    if versions.filter(version=bundle.version).exists():
        return [
            LibraryError(
                "manifest.yaml",
                None,
                "version",
                f"version {bundle.version} of {bundle.identifier} exists",
                "version_exists",
                (("version", bundle.version), ("identifier", bundle.identifier)),
            )
        ]
    return []


def _check_region(user, region_id: int | None) -> None:
    if region_id is None:
        if not user.is_superuser:
            raise PermissionDenied
    elif not upload_regions(user).filter(pk=region_id).exists():
        raise PermissionDenied


# ----------------------------------------------------------------------------- services


def upload(file: UploadedFile, *, user, region_id: int | None, note: str = "") -> UploadResult:
    """Check and validate an upload; store it as a draft when it is a valid library.

    Raises ``ValidationError`` for a file refused before parsing (type, size, a ZIP bomb, a
    path outside the folder) and ``PermissionDenied`` for a region the user may not use.
    """
    _check_region(user, region_id)
    kind = check_upload(file, KINDS)
    name = Path(file.name or "upload").name
    bundle, errors = read_upload(file, kind, name)
    if bundle is None:
        return UploadResult(None, errors)
    errors = _scope_errors(bundle, region_id)
    if errors:
        return UploadResult(None, errors)
    file.seek(0)
    draft = LibraryDraft(
        original_name=name[:255],
        source_kind=kind,
        identifier=bundle.identifier,
        version=bundle.version,
        title=bundle.title,
        region_id=region_id,
        note=note,
        uploaded_by=user,
    )
    draft.file.save(f"{bundle.identifier}-{bundle.version}.{kind}", file, save=False)
    draft.save()
    return UploadResult(draft)


def read_draft(draft: LibraryDraft) -> Bundle:
    """The draft's bundle, read again from the stored upload (raises LibraryValidationError)."""
    with draft.file.open("rb") as fh:
        bundle, errors = read_upload(fh, draft.source_kind, draft.original_name)
    if bundle is None:
        raise LibraryValidationError(errors)
    return bundle


def publish(draft: LibraryDraft, user) -> LibraryVersion:
    """Install the draft as a new, immutable version; raises LibraryValidationError."""
    with transaction.atomic():
        draft = LibraryDraft.objects.select_for_update().get(pk=draft.pk)
        _check_region(user, draft.region_id)
        if draft.status != DraftStatus.DRAFT:
            raise ValidationError(_("Dit concept is al gepubliceerd."), code="published")
        bundle = read_draft(draft)
        errors = _scope_errors(bundle, draft.region_id)
        if errors:
            raise LibraryValidationError(errors)
        version = install_bundle(bundle, region_id=draft.region_id).version
        draft.status = DraftStatus.PUBLISHED
        draft.published_version = version
        draft.published_at = timezone.now()
        draft.save()
    return version
