"""Reading, validating and installing library bundles.

A bundle is a folder with ``manifest.yaml`` and the YAML files it lists. Loading is
all-or-nothing: every error is reported with file, line and field, and nothing of a bundle
with an error is stored. An installed version is immutable; loading the same version again
is a no-op, loading changed content under an existing version number is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from jsonschema import Draft202012Validator

from .kinds import Kind, get_kind, known_kinds
from .models import LibraryVersion
from .paths import CONTENT_DIR, latest_shipped_bundle, shipped_bundles  # noqa: F401


@dataclass(frozen=True)
class LibraryError:
    file: str
    line: int | None
    field: str
    message: str
    # What went wrong, for a message in the user's language (``library.messages``):
    # a code and its parameters as (name, value) pairs.
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class LibraryValidationError(Exception):
    def __init__(self, errors: list[LibraryError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Document:
    name: str
    kind: str
    data: dict
    node: Any  # yaml node tree, for line numbers


@dataclass
class Bundle:
    identifier: str
    version: str
    title: dict
    description: dict
    documents: dict[str, Document]

    @property
    def checksum(self) -> str:
        payload = {
            "id": self.identifier,
            "version": self.version,
            "documents": {n: {"kind": d.kind, "data": d.data} for n, d in self.documents.items()},
        }
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------- reading


def read_yaml(path: Path, display: str) -> tuple[Any, Any, list[LibraryError]]:
    """Parse a YAML file; returns (data, node tree, errors)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None, [LibraryError(display, None, "", "file not found", "not_found")]
    except UnicodeDecodeError:
        return None, None, [LibraryError(display, None, "", "file is not UTF-8 text", "not_utf8")]
    except OSError as exc:
        return None, None, [LibraryError(display, None, "", f"cannot read file: {exc.strerror}")]
    try:
        # libyaml's safe loader: the same YAML as yaml.SafeLoader, several times faster.
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        return (
            None,
            None,
            [
                LibraryError(
                    display,
                    line,
                    "",
                    f"YAML syntax error: {problem}",
                    "yaml_syntax",
                    (("problem", str(problem)),),
                )
            ],
        )
    except yaml.YAMLError as exc:
        return None, None, [LibraryError(display, None, "", f"YAML error: {exc}")]
    return data, node, []


def node_at(node: Any, path: list) -> Any:
    """The deepest YAML node reachable along ``path`` (keys and indices)."""
    current = node
    for key in path:
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                if k.value == str(key):
                    current = v
                    break
            else:
                return current
        elif isinstance(current, yaml.SequenceNode) and isinstance(key, int):
            if 0 <= key < len(current.value):
                current = current.value[key]
            else:
                return current
        else:
            return current
    return current


def line_of(node: Any, path: list) -> int | None:
    target = node_at(node, path)
    return target.start_mark.line + 1 if target is not None else None


def field_name(path: list) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


# ----------------------------------------------------------------------------- validating


def validate_document(doc: Document) -> list[LibraryError]:
    kind = get_kind(doc.kind)
    if kind is None:
        return [
            LibraryError(
                doc.name,
                line_of(doc.node, ["kind"]),
                "kind",
                f"unknown kind {doc.kind!r}; known kinds: {', '.join(known_kinds())}",
                "unknown_kind",
                (("kind", doc.kind), ("known", ", ".join(known_kinds()))),
            )
        ]
    validator = Draft202012Validator(kind.schema)
    errors = []
    for err in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.path))):
        location = list(err.absolute_path)
        path, message = location, err.message
        code, params = f"schema_{err.validator}", _schema_params(err)
        if err.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", err.message)
            if missing:
                path = [*location, missing[0]]
                message = "required field is missing"
        elif err.validator == "additionalProperties":
            unexpected = re.findall(r"'([^']+)'", err.message.split("(")[-1])
            if unexpected:
                path = location = [*location, unexpected[0]]
                message = f"unknown field {', '.join(repr(u) for u in unexpected)}"
                params = (("fields", ", ".join(unexpected)),)
        errors.append(
            LibraryError(
                doc.name, line_of(doc.node, location), field_name(path), message, code, params
            )
        )
    return errors


def _schema_params(err: Any) -> tuple[tuple[str, str], ...]:
    """The schema's expectation (``validator_value``) as text, for a translated message."""
    value = err.validator_value
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return (("expected", str(value)), ("value", str(err.instance)[:80]))


def iter_path(data: Any, path: str) -> Iterator[tuple[Any, list]]:
    """Yield (value, location) for a path like ``pillars[].dimensions[]``."""
    parts = path.split(".")

    def walk(obj: Any, i: int, loc: list) -> Iterator[tuple[Any, list]]:
        if i == len(parts):
            yield obj, loc
            return
        part = parts[i]
        many = part.endswith("[]")
        key = part[:-2] if many else part
        if not isinstance(obj, dict) or key not in obj:
            return
        value = obj[key]
        if many:
            if isinstance(value, list):
                for n, item in enumerate(value):
                    yield from walk(item, i + 1, [*loc, key, n])
        else:
            yield from walk(value, i + 1, [*loc, key])

    yield from walk(data, 0, [])


def defined_items(documents: Iterable[tuple[str, Any]]) -> dict[str, dict[str, Any]]:
    """Id group -> {id: the item that defines it} for ``(kind, data)`` pairs."""
    out: dict[str, dict[str, Any]] = {}
    for kind_name, data in documents:
        kind = get_kind(kind_name)
        if kind is None:
            continue
        for group, paths in kind.defines.items():
            for p in paths:
                container = p.removesuffix(".id")
                items = iter_path(data, container) if container != p else [(data, [])]
                for item, _loc in items:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        out.setdefault(group, {})[item["id"]] = item
    return out


def check_ids_and_references(
    documents: dict[str, Document], external: dict[str, set[str]] | None = None
) -> list[LibraryError]:
    """Ids are unique and references resolve, within the bundle or to ``external`` ids."""
    errors: list[LibraryError] = []
    external = external or {}
    groups: dict[str, set[str]] = {}
    seen: dict[str, tuple[str, list]] = {}
    for doc in documents.values():
        kind: Kind | None = get_kind(doc.kind)
        if kind is None:
            continue
        for group, paths in kind.defines.items():
            for p in paths:
                for value, loc in iter_path(doc.data, p):
                    if not isinstance(value, str):
                        continue
                    if value in seen:
                        other_file, other_loc = seen[value]
                        other_line = line_of(documents[other_file].node, other_loc)
                        errors.append(
                            LibraryError(
                                doc.name,
                                line_of(doc.node, loc),
                                field_name(loc),
                                f"id {value!r} is used twice (also {other_file}:{other_line})",
                                "duplicate_id",
                                (("id", value), ("other", f"{other_file}:{other_line}")),
                            )
                        )
                    seen[value] = (doc.name, loc)
                    groups.setdefault(group, set()).add(value)
    for doc in documents.values():
        kind = get_kind(doc.kind)
        if kind is None:
            continue
        for ref in kind.references:
            allowed = set().union(
                *(groups.get(t, set()) | external.get(t, set()) for t in ref.targets)
            )
            for value, loc in iter_path(doc.data, ref.path):
                if isinstance(value, str) and value not in allowed:
                    errors.append(
                        LibraryError(
                            doc.name,
                            line_of(doc.node, loc),
                            field_name(loc),
                            f"{value!r} is not a known {' or '.join(ref.targets)} id",
                            "unknown_reference",
                            (("value", value), ("targets", ", ".join(ref.targets))),
                        )
                    )
    return errors


def read_document(path: Path, display: str) -> tuple[Document | None, list[LibraryError]]:
    data, node, errors = read_yaml(path, display)
    if errors:
        return None, errors
    if not isinstance(data, dict) or "kind" not in data:
        return None, [
            LibraryError(display, 1, "kind", "a library file starts with 'kind: …'", "no_kind")
        ]
    return Document(display, str(data["kind"]), data, node), []


def read_valid_document(path: Path) -> Document:
    """One library file, read and validated against its kind's schema. Raises
    :class:`LibraryValidationError` with every error found."""
    doc, errors = read_document(path, path.name)
    if doc is None:
        raise LibraryValidationError(errors)
    errors = validate_document(doc)
    if errors:
        raise LibraryValidationError(errors)
    return doc


def read_bundle(path: Path, external: dict[str, set[str]] | None = None) -> Bundle:
    """Read and validate a bundle folder (or its manifest). Raises LibraryValidationError.

    ``external``: ids of another library (id group -> ids) that references may point to, so
    that a regional framework can map its indicators onto the norms of the reference
    framework.
    """
    path = Path(path)
    manifest_path = path / "manifest.yaml" if path.is_dir() else path
    root = manifest_path.parent
    manifest, errors = read_document(manifest_path, manifest_path.name)
    if manifest is None:
        raise LibraryValidationError(errors)
    errors = validate_document(manifest)
    if manifest.kind != "manifest":
        errors.append(
            LibraryError(manifest.name, 1, "kind", "a bundle needs kind: manifest", "not_manifest")
        )
    if errors:
        raise LibraryValidationError(errors)
    documents: dict[str, Document] = {}
    for name in manifest.data["files"]:
        file_path = (root / name).resolve()
        if root.resolve() not in file_path.parents:
            errors.append(
                LibraryError(
                    manifest.name,
                    line_of(manifest.node, ["files"]),
                    "files",
                    f"{name!r} lies outside the bundle",
                    "outside_bundle",
                    (("name", name),),
                )
            )
            continue
        doc, read_errors = read_document(file_path, name)
        errors.extend(read_errors)
        if doc is not None:
            errors.extend(validate_document(doc))
            documents[name] = doc
    if not errors:
        errors.extend(check_ids_and_references(documents, external))
    if errors:
        raise LibraryValidationError(errors)
    data = manifest.data
    return Bundle(
        data["id"], str(data["version"]), data["title"], data.get("description", {}), documents
    )


def validate_path(path: Path) -> list[LibraryError]:
    """Check a bundle folder, a manifest or a single library file without loading it."""
    path = Path(path)
    if not path.exists():
        return [LibraryError(str(path), None, "", "no such file or folder")]
    if path.is_dir() or path.name == "manifest.yaml":
        try:
            read_bundle(path)
        except LibraryValidationError as exc:
            return exc.errors
        return []
    doc, errors = read_document(path, path.name)
    if doc is None:
        return errors
    errors = validate_document(doc)
    if not errors:
        errors = [e for e in check_ids_and_references({doc.name: doc}) if "used twice" in e.message]
    return errors


# ----------------------------------------------------------------------------- installing


@dataclass
class InstallResult:
    version: LibraryVersion
    created: bool


def install_bundle(bundle: Bundle, region_id: int | None = None) -> InstallResult:
    """Store a validated bundle as an immutable LibraryVersion (idempotent).

    ``region_id``: the RIEC region a regional library belongs to (``None``: platform-wide).
    """
    checksum = bundle.checksum
    with transaction.atomic():
        existing = (
            LibraryVersion.objects.select_for_update()
            .filter(identifier=bundle.identifier, version=bundle.version)
            .first()
        )
        if existing is not None:
            if existing.checksum == checksum:
                return InstallResult(existing, False)
            raise LibraryValidationError(
                [
                    LibraryError(
                        "manifest.yaml",
                        None,
                        "version",
                        f"version {bundle.version} of {bundle.identifier} is already loaded with "
                        "different content; give the changed library a new version number",
                        "version_exists",
                        (("version", bundle.version), ("identifier", bundle.identifier)),
                    )
                ]
            )
        version = LibraryVersion(
            identifier=bundle.identifier,
            version=bundle.version,
            title=bundle.title,
            description=bundle.description,
            checksum=checksum,
            region_id=region_id,
            scannable=any(d.kind == "dimensions" for d in bundle.documents.values()),
        )
        version.documents = {
            n: {"kind": d.kind, "data": d.data} for n, d in bundle.documents.items()
        }
        version.save(force_insert=True)
    return InstallResult(version, True)


def version_ids(version: LibraryVersion) -> dict[str, set[str]]:
    """Id group -> the ids a loaded version defines (for references from another bundle)."""
    items = defined_items((d["kind"], d["data"]) for d in version.documents.values())
    return {group: set(ids) for group, ids in items.items()}


def load_shipped() -> list[InstallResult]:
    return [install_bundle(read_bundle(p)) for p in shipped_bundles()]


def current_version(identifier: str = "weerbaar-referentiekader") -> LibraryVersion | None:
    """The most recently loaded version of a library."""
    return (
        LibraryVersion.objects.filter(identifier=identifier).order_by("-loaded_at", "-pk").first()
    )


def require_current_version(identifier: str = "weerbaar-referentiekader") -> LibraryVersion:
    """The most recently loaded version of a library; raises when none has been loaded."""
    version = current_version(identifier)
    if version is None:
        raise LibraryVersion.DoesNotExist(f"The library {identifier!r} has not been loaded.")
    return version
