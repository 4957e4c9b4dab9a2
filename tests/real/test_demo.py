"""The Quick start's demo (config/demo/app.py) on its real wheels: under the launcher every
library loads from the venv and the kernel compiles and links; without it, it does not."""
from pathlib import Path

from conftest import clean_env, major_minor, prepared, run

APP = Path(__file__).resolve().parents[2] / "config" / "demo" / "app.py"


def test_demo_app_under_the_launcher_and_without(launcher):
    wset, root = prepared("demo")
    under = run([launcher, "--no-config", "--python", root, "python", APP]).stdout
    lines = {line.split()[0]: line for line in under.splitlines() if line.strip()}
    for soname in ("libcudart.so.13", "libnvrtc.so.13", "libnvJitLink.so.13"):
        assert f"{root}/lib/python3.11/site-packages/nvidia/cu13/lib/{soname}" in lines[soname], under
    major, minor = major_minor(wset.version_of("nvidia-cuda-runtime"))  # the set's pin, either track
    assert f"CUDA {major}.{minor}" in lines["runtime"] and "ELF cubin for sm_80" in lines["kernel"], under
    without = run([root / "bin" / "python", APP], env=clean_env(), check=False)
    assert without.returncode == 1, without.stdout
    assert "NOT LOADED" in without.stdout and str(root) not in without.stdout.split("RUN_WITH_CUDA")[1], \
        without.stdout
