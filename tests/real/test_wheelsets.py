"""The suite's own installer (wheelsets.py): the free-space check stops before a set is
installed, the pinned uv of the pytest venv is the one the sets are installed with, the cache
keeps to its budget by removing the other track's environments, and RWC_TRACK chooses the
pins file (docs/real-wheels.md, "Disk and time", "Two tracks")."""
import fcntl
import os
import subprocess
import time

import pytest

import wheelsets


def test_short_disk_stops_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("RWC_TEST_CACHE", str(tmp_path))
    monkeypatch.setenv("RWC_TEST_MIN_FREE_GB", "1e12")  # more than any disk has
    with pytest.raises(RuntimeError) as err:
        wheelsets.check_free_space("set demo")
    text = str(err.value)
    assert text.startswith("not enough disk space to prepare set demo: "), text
    assert str(tmp_path) in text and "RWC_TEST_MIN_FREE_GB" in text, text
    monkeypatch.setenv("RWC_TEST_MIN_FREE_GB", "0.001")
    wheelsets.check_free_space("set demo")  # enough: no exception


def test_linux_sets_are_installed_by_the_pinned_uv():
    uv = wheelsets.uv_program()
    assert uv == os.environ.get("RWC_UV"), "tests/real/CMakeLists.txt sets RWC_UV"
    version = subprocess.run([uv, "--version"], capture_output=True, text=True, check=True).stdout
    pinned = next(line.split("==")[1].split()[0] for line in open(wheelsets.HERE / "requirements-pytest.txt")
                  if line.startswith("uv=="))
    assert version.split()[:2] == ["uv", pinned], version


def _fake_env(envs, name, uv_archive, mtime):
    """envs/<name>-0123456789ab: a complete environment of 1 MB of its own and one file hard
    linked from the unpacked wheel uv_archive (as uv's --link-mode hardlink leaves it)."""
    root = envs / f"{name}-0123456789ab"
    root.mkdir(parents=True)
    (root / "own.bin").write_bytes(os.urandom(1 << 20))
    uv_archive.mkdir(parents=True, exist_ok=True)
    (uv_archive / "lib.so").write_bytes(os.urandom(1 << 20))
    os.link(uv_archive / "lib.so", root / "lib.so")
    (root / ".complete").write_text("")
    os.utime(root / ".complete", (mtime, mtime))
    return root


def test_make_room_removes_the_other_tracks_least_recently_used(monkeypatch, tmp_path):
    monkeypatch.setenv("RWC_TEST_CACHE", str(tmp_path))
    monkeypatch.setattr(wheelsets, "RESERVE_GB", 0)
    envs, archives = tmp_path / "envs", tmp_path / "uv" / "archive-v0"
    old = _fake_env(envs, "latest-fw-torch", archives / "a", 1000)
    newer = _fake_env(envs, "latest-demo", archives / "b", 2000)
    mine = _fake_env(envs, "fw-torch", archives / "c", 500)  # the current (pinned) track's, oldest
    recent = _fake_env(envs, "latest-jax", archives / "d", time.time() - 60)  # in use a minute ago
    for archive in archives.iterdir():
        os.utime(archive, (1000, 1000))  # unpacked long ago, but "d" (its env is recent)
    used = wheelsets.cache_usage()
    assert used >= 8 << 20, used  # four envs: 1 MB own + 1 MB linked, each counted once
    assert used < 9 << 20, used   # a hard link is not counted twice
    monkeypatch.setenv("RWC_TEST_CACHE_GB", str((used - 1) / 1e9))  # just short: one must go
    assert wheelsets.make_room("") == [old.name]
    assert not old.exists() and not (archives / "a").exists()  # its unpacked wheel, unlinked, too
    assert newer.exists() and mine.exists() and (archives / "b").exists()
    monkeypatch.setenv("RWC_TEST_CACHE_GB", "0")  # nothing fits: still never the current track's
    with open(envs / "latest-demo.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another process is using latest-demo
        assert wheelsets.make_room("") == []
    assert wheelsets.make_room("") == [newer.name]
    assert mine.exists() and (archives / "c" / "lib.so").exists()
    assert recent.exists() and (archives / "d" / "lib.so").exists()
    assert wheelsets.make_room("latest-") == [mine.name]


def test_the_track_names_its_pins_file(monkeypatch):
    monkeypatch.setenv("RWC_TRACK", "latest")
    assert wheelsets.pins_file().name == "pins-latest.toml"
    monkeypatch.setenv("RWC_TRACK", "newest")
    with pytest.raises(RuntimeError, match="RWC_TRACK=newest: expected one of pinned, latest"):
        wheelsets.track()


def test_the_latest_track_has_every_pinned_set():
    pinned = wheelsets.load_sets(wheelsets.pins_file("pinned"))
    latest = wheelsets.load_sets(wheelsets.pins_file("latest"))
    assert sorted(pinned) == sorted(latest)
    for name, wset in latest.items():
        assert all("--hash=sha256:" in line for line in wset.lines), name
