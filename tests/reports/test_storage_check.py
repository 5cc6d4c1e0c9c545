"""``weerbaar check`` warns when published report files cannot be kept."""

from __future__ import annotations

from weerbaar.reports.checks import check_report_storage


def _storage_at(settings, location) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": location}},
    }


def test_a_writable_storage_passes(tmp_path, settings):
    _storage_at(settings, tmp_path / "data")
    assert check_report_storage() == []


def test_a_storage_that_cannot_be_created_is_reported(tmp_path, settings):
    blocker = tmp_path / "var"
    blocker.write_text("a file where the data folder should be")
    _storage_at(settings, blocker / "data")
    messages = check_report_storage()
    assert [m.id for m in messages] == ["weerbaar.reports.W001"]
    assert "not writable" in messages[0].msg
