"""Jupyter kernels (docs/integrations.md, "Jupyter kernels"): a kernelspec written by
--install-kernel into a venv with real jupyter_client, ipykernel, nbclient and nbconvert and the
real CUDA 13 runtime and NVRTC wheels. `jupyter kernelspec list` shows it; a kernel started from
it by a KernelManager, and by `jupyter nbconvert --execute`, loads both libraries from the venv.
The control, ipykernel's own kernelspec of the same venv, finds no NVRTC and gets whatever
libcudart.so.13 the ld.so cache has. Every Jupyter folder is a scratch folder (never the home)."""
import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import clean_env, prepared, run

HERE = Path(__file__).resolve().parent
NAME = "rwc-test-cuda"


def jupyter_env(tmp_path, root, jupyter_path=None):
    """clean_env() with the venv's bin first on PATH and every Jupyter folder in tmp_path."""
    env = clean_env(HOME=str(tmp_path / "home"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
                    JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
                    IPYTHONDIR=str(tmp_path / "ipython"), JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    env["PATH"] = f"{root}/bin:{env['PATH']}"
    if jupyter_path:
        env["JUPYTER_PATH"] = str(jupyter_path)
    return env


def probe_result(stdout):
    """The JSON object cuda_probe.report() printed."""
    match = re.search(r"^CUDA-PROBE (.*)$", stdout, re.M)
    assert match, stdout
    return json.loads(match.group(1))


def from_venv(result, root):
    """{soname: the mapped file} for both sonames; asserts each loaded from the venv's nvidia/cu13/lib."""
    lib = f"{root}/lib/python3.11/site-packages/nvidia/cu13/lib/"
    for soname in ("libcudart.so.13", "libnvrtc.so.13"):
        assert result["loaded"][soname] is None, result["loaded"]
        assert any(m == lib + soname or m.startswith(lib + soname + ".") for m in result["maps"]), \
            (soname, result["maps"])


def ld_cache_cudart():
    """The libcudart.so.13 of the ld.so cache (ldconfig -p), or None."""
    proc = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True)
    match = re.search(r"libcudart\.so\.13 \(libc6,x86-64\) => (\S+)", proc.stdout)
    return match.group(1) if match else None


@pytest.fixture()
def installed(launcher, tmp_path):
    """(root, env): the jupyter set with the launcher's kernelspec NAME in a scratch data folder,
    and ipykernel's own kernelspec 'plain-control' under a scratch prefix on JUPYTER_PATH."""
    _, root = prepared("jupyter")
    env = jupyter_env(tmp_path, root, tmp_path / "control" / "share" / "jupyter")
    out = run([launcher, "--no-config", "--python", root, "--install-kernel", "--name", NAME], env=env).stdout
    assert f"installed the kernelspec '{NAME}'" in out, out
    run([root / "bin" / "python", "-m", "ipykernel", "install", "--prefix", tmp_path / "control", "--name",
         "plain-control"], env=env)
    return root, env


def test_the_kernelspec_is_listed_and_names_the_launcher(launcher, installed, tmp_path):
    root, env = installed
    listing = run(["jupyter", "kernelspec", "list"], env=env).stdout
    assert re.search(rf"^\s*{NAME}\s+{re.escape(str(tmp_path / 'data' / 'kernels' / NAME))}\s*$", listing, re.M), \
        listing
    specs = json.loads(run(["jupyter", "kernelspec", "list", "--json"], env=env).stdout)["kernelspecs"]
    spec = specs[NAME]["spec"]
    assert spec["argv"][:4] == [str(Path(launcher).resolve()), str(root / "bin" / "python3"), "-m",
                                "ipykernel_launcher"], spec
    assert "interpreter" not in spec["metadata"], spec
    logos = sorted(p.name for p in (tmp_path / "data" / "kernels" / NAME).iterdir())
    assert logos == ["kernel.json", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"], logos


def test_a_kernel_manager_kernel_loads_the_venvs_cuda_libraries(installed):
    root, env = installed
    result = probe_result(run([root / "bin" / "python", HERE / "kernel_client.py", NAME], env=env).stdout)
    from_venv(result, root)


def test_nbconvert_execute_loads_the_venvs_cuda_libraries(installed, tmp_path):
    root, env = installed
    code = f"import sys; sys.path.insert(0, {str(HERE)!r}); import cuda_probe; cuda_probe.report()"
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "probe", "metadata": {},
                           "outputs": [], "source": code}],
                "metadata": {"kernelspec": {"name": NAME, "display_name": NAME, "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    source = tmp_path / "probe.ipynb"
    source.write_text(json.dumps(notebook))
    run(["jupyter", "nbconvert", "--to", "notebook", "--execute", "--output", "executed", source], env=env,
        cwd=tmp_path)
    executed = json.loads((tmp_path / "executed.ipynb").read_text())
    text = "".join("".join(o.get("text", "")) for o in executed["cells"][0]["outputs"])
    from_venv(probe_result(text), root)


def test_control_ipykernels_own_kernelspec_misses_the_venvs_libraries(installed):
    root, env = installed
    result = probe_result(run([root / "bin" / "python", HERE / "kernel_client.py", "plain-control"], env=env).stdout)
    assert result["ld_library_path"] is None, result
    assert "libnvrtc.so.13" in (result["loaded"]["libnvrtc.so.13"] or ""), result["loaded"]
    assert not any(str(root) in m for m in result["maps"] if "libcudart" in m), result["maps"]
    cached = ld_cache_cudart()
    if cached:
        assert result["loaded"]["libcudart.so.13"] is None, result["loaded"]
        assert any(Path(m).resolve() == Path(cached).resolve() for m in result["maps"]), (cached, result["maps"])
    else:
        assert "libcudart.so.13" in (result["loaded"]["libcudart.so.13"] or ""), result["loaded"]
