"""``weerbaar backup`` and ``weerbaar restore``: a full round trip, and every refusal.

Runs on the suite's database (SQLite, or PostgreSQL under scripts/with-postgres.sh): the
demo world is backed up and restored into a second, empty database on the same server.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from weerbaar.maintenance import database
from weerbaar.maintenance.archive import MANIFEST, sha256_of
from weerbaar.maintenance.backup import create_backup
from weerbaar.maintenance.restore import RestoreRefused, restore_backup
from weerbaar.organisations.models import Organisation


def all_tables() -> list[str]:
    return [*database.installed_models_tables(), "django_migrations"]


def rows(alias: str, table: str) -> list[tuple]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return sorted(cursor.fetchall(), key=repr)


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def stored_files(db) -> list[str]:
    """A few stored files of the kinds the platform keeps (uploads, report files)."""
    names = [
        default_storage.save("evidence/voorbeeld/notulen.pdf", ContentFile(b"%PDF-1.7 \x00\xff")),
        default_storage.save("reports/voorbeeld/rapport v1.docx", ContentFile(b"PK\x03\x04 docx")),
        default_storage.save("imports/adressen.csv", ContentFile("e-mail\nanna@voorbeeld.nl\n")),
    ]
    yield names
    for name in names:
        default_storage.delete(name)


@pytest.fixture
def backup(tmp_path, stored_files) -> Path:
    path = tmp_path / "weerbaar.tar.gz"
    create_backup(path)
    return path


def read_manifest(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        member = tar.extractfile(MANIFEST)
        assert member is not None
        return json.load(member)


def rewrite(source: Path, target: Path, change) -> None:
    """Copy the archive member by member, letting ``change(name, data)`` alter contents."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()  # type: ignore[union-attr]
            data = change(info.name, data)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def test_the_archive_is_private_and_its_manifest_describes_every_member(backup, stored_files):
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    manifest = read_manifest(backup)
    vendor = connections["default"].vendor
    assert manifest["database"]["vendor"] == vendor
    assert manifest["migrations"] == database.applied_migrations("default")
    assert "maintenance" in manifest["migrations"]
    assert manifest["libraries"]["django"]
    assert manifest["weerbaar_version"] and manifest["created_at"]
    assert manifest["audit"]["ok"] and manifest["audit"]["head"]
    members = manifest["members"]
    assert manifest["database"]["member"] in members
    for name in stored_files:
        assert f"data/{name}" in members
    with tarfile.open(backup, "r:gz") as tar:
        for name, entry in members.items():
            data = tar.extractfile(name).read()  # type: ignore[union-attr]
            assert len(data) == entry["size"]
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_a_round_trip_restores_every_table_and_every_file(backup, restore_target):
    result = restore_backup(backup, using=restore_target.alias, data_root=restore_target.data)

    for table in all_tables():
        assert rows(restore_target.alias, table) == rows("default", table), table
    assert Organisation.objects.using(restore_target.alias).filter(slug="voorbeeld").exists()
    assert files(restore_target.data) == files(database.data_dir())
    assert result.files == len(files(database.data_dir()))
    # The audit chain was verified after the restore, up to the head noted in the backup.
    assert result.audit.ok, result.audit.problem
    assert (
        f"{result.audit.last_sequence}:{result.audit.last_hash}"
        == (result.manifest["audit"]["head"])
    )
    assert not result.pending_migrations


def test_the_restored_database_takes_new_rows(backup, restore_target):
    restore_backup(backup, using=restore_target.alias, data_root=restore_target.data)
    region = apps.get_model("organisations", "Region")
    created = region.objects.using(restore_target.alias).create(name="Nieuw", slug="nieuw-na")
    assert created.pk > max(region.objects.values_list("pk", flat=True))


def test_the_restore_command_runs_the_audit_verification(backup, restore_target, settings):
    storages = {**settings.STORAGES}
    storages["default"] = {
        **storages["default"],
        "OPTIONS": {**storages["default"]["OPTIONS"], "location": restore_target.data},
    }
    settings.STORAGES = storages
    out = io.StringIO()
    call_command("restore", str(backup), "--database", restore_target.alias, stdout=out)
    assert "audit chain intact" in out.getvalue()
    assert len(files(restore_target.data)) >= 3


def empty(target) -> bool:
    return database.tables_with_data(target.alias) == [] and not target.data.exists()


def test_a_tampered_archive_is_refused_and_nothing_changes(backup, restore_target, tmp_path):
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(
        backup,
        tampered,
        lambda name, data: data.replace(b"anna", b"anne") if name.endswith(".csv") else data,
    )
    with pytest.raises(RestoreRefused, match="checksum mismatch for data/imports/adressen.csv"):
        restore_backup(tampered, using=restore_target.alias, data_root=restore_target.data)
    assert empty(restore_target)
    assert connections[restore_target.alias].introspection.table_names() == []


def test_an_altered_database_dump_is_refused(backup, restore_target, tmp_path):
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(
        backup, tampered, lambda name, data: data[:-1] if name.startswith("database/") else data
    )
    with pytest.raises(CommandError, match="nothing was changed: .* mismatch for database/"):
        call_command("restore", str(tampered), "--database", restore_target.alias)
    assert empty(restore_target)


@pytest.mark.parametrize("name", ["data/../../escape.txt", "/etc/weerbaar", "extra.txt"])
def test_members_outside_the_layout_are_refused(backup, restore_target, tmp_path, name):
    crafted = tmp_path / "crafted.tar.gz"
    with tarfile.open(backup, "r:gz") as old, tarfile.open(crafted, "w:gz") as new:
        for info in old.getmembers():
            new.addfile(info, old.extractfile(info))
        info = tarfile.TarInfo(name)
        info.size = 2
        new.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(RestoreRefused, match="unexpected member"):
        restore_backup(crafted, using=restore_target.alias, data_root=restore_target.data)
    assert empty(restore_target)
    assert not (tmp_path.parent / "escape.txt").exists()


def test_a_link_in_the_archive_is_refused(backup, restore_target, tmp_path):
    crafted = tmp_path / "crafted.tar.gz"
    with tarfile.open(backup, "r:gz") as old, tarfile.open(crafted, "w:gz") as new:
        for info in old.getmembers():
            new.addfile(info, old.extractfile(info))
        link = tarfile.TarInfo("data/passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        new.addfile(link)
    with pytest.raises(RestoreRefused, match="not a plain file"):
        restore_backup(crafted, using=restore_target.alias, data_root=restore_target.data)
    assert empty(restore_target)


def test_a_target_with_data_is_refused(backup, tmp_path):
    before = Organisation.objects.count()
    with pytest.raises(RestoreRefused, match="the database is not empty"):
        restore_backup(backup, data_root=tmp_path / "nothing")
    assert Organisation.objects.count() == before
    assert not (tmp_path / "nothing").exists()


def test_a_data_folder_with_files_is_refused(backup, restore_target):
    restore_target.data.mkdir()
    (restore_target.data / "left-over.txt").write_text("x")
    with pytest.raises(RestoreRefused, match="data folder .* is not empty"):
        restore_backup(backup, using=restore_target.alias, data_root=restore_target.data)
    assert database.tables_with_data(restore_target.alias) == []


def test_a_backup_of_a_newer_version_is_refused_with_a_message(backup, restore_target, tmp_path):
    def newer(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"]["surveys"].append("9999_from_the_future")
        manifest["weerbaar_version"] = "99.0"
        return json.dumps(manifest).encode()

    future = tmp_path / "future.tar.gz"
    rewrite(backup, future, newer)
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(future), "--database", restore_target.alias, stderr=out)
    message = str(refused.value)
    assert "newer version of Weerbaar (99.0)" in message
    assert "surveys.9999_from_the_future" in message
    assert empty(restore_target)


def test_backup_command_writes_a_private_archive_and_never_overwrites(tmp_path, stored_files):
    target = tmp_path / "b.tar.gz"
    out = io.StringIO()
    call_command("backup", "--output", str(target), stdout=out)
    assert "Backup written to" in out.getvalue()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    digest = sha256_of(target)
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", "--output", str(target))
    assert sha256_of(target) == digest
    assert not list(tmp_path.glob("*.partial"))


def test_a_manifest_that_points_the_database_elsewhere_is_refused(backup, restore_target, tmp_path):
    def elsewhere(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["database"]["member"] = "../../etc/passwd"
        return json.dumps(manifest).encode()

    crafted = tmp_path / "crafted.tar.gz"
    rewrite(backup, crafted, elsewhere)
    with pytest.raises(RestoreRefused, match="does not name the database member"):
        restore_backup(crafted, using=restore_target.alias, data_root=restore_target.data)
    assert empty(restore_target)


def migrate_in_a_process_of_its_own(alias: str) -> None:
    """``weerbaar migrate`` against the alias's database, as an operator runs it."""
    conf = connections[alias].settings_dict
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PGPASSWORD"}}
    env["WEERBAAR_TESTING"] = "1"
    if connections[alias].vendor == "postgresql":
        user = quote(conf["USER"] or "")
        password = f":{quote(conf['PASSWORD'])}" if conf["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgresql://{user}{password}@{conf['HOST']}:{conf['PORT']}/{conf['NAME']}"
        )
    else:
        env["DATABASE_URL"] = ""
        env["WEERBAAR_SQLITE_PATH"] = str(conf["NAME"])
    weerbaar = Path(sys.executable).parent / "weerbaar"
    done = subprocess.run(  # noqa: S603 (the project's own command)
        [str(weerbaar), "migrate", "-v", "0"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_migrated_but_unused_instance_counts_as_empty(backup, restore_target):
    migrate_in_a_process_of_its_own(restore_target.alias)
    assert database.tables_with_data(restore_target.alias) == []

    restore_backup(backup, using=restore_target.alias, data_root=restore_target.data)

    for table in all_tables():
        assert rows(restore_target.alias, table) == rows("default", table), table
