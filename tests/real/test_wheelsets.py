"""The suite's own installer (wheelsets.py): the free-space check stops before a set is
installed, and the pinned uv of the pytest venv is the one the Linux sets are installed with
(docs/real-wheels.md, "Disk and time")."""
import os
import subprocess

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
