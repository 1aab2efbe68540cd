"""Default data directory: the checkout's data/ in a clone, a per-user directory installed."""

from __future__ import annotations

from pathlib import Path

from recommender.catalog.paths import PACKAGE_PARENT, default_data_dir
from recommender.store.opening import DEFAULT_INDEX_DIR


def test_a_checkout_keeps_its_data_beside_the_code_whatever_the_working_directory():
    assert DEFAULT_INDEX_DIR == PACKAGE_PARENT / "data" / "index"
    assert DEFAULT_INDEX_DIR.is_absolute()


def test_an_installed_package_keeps_its_data_in_the_users_data_directory(tmp_path):
    site_packages = tmp_path / "site-packages"
    (site_packages / "recommender").mkdir(parents=True)
    home = {"HOME": "/home/ana"}
    assert default_data_dir(site_packages, home, "linux") == Path(
        "/home/ana/.local/share/soundalike"
    )
    xdg = {**home, "XDG_DATA_HOME": "/data/ana"}
    assert default_data_dir(site_packages, xdg, "linux") == Path("/data/ana/soundalike")
    relative = {**home, "XDG_DATA_HOME": "data"}  # invalid per the XDG spec: ignored
    assert default_data_dir(site_packages, relative, "linux") == Path(
        "/home/ana/.local/share/soundalike"
    )
    assert default_data_dir(site_packages, home, "darwin") == Path(
        "/home/ana/Library/Application Support/soundalike"
    )
    windows = {**home, "LOCALAPPDATA": "C:/Users/ana/AppData/Local"}
    assert default_data_dir(site_packages, windows, "win32") == Path(
        "C:/Users/ana/AppData/Local/soundalike"
    )
