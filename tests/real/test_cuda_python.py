"""cuda-python 13.4 (set fw-cuda-python: cuda-bindings, cuda-core, cuda-pathfinder 1.9 on
the CUDA 13.0 wheels) under the real launcher: cuda.pathfinder's load_nvidia_dynamic_lib,
find_nvidia_binary_utility and find_bitcode_lib return the files the launcher put on the
loader path and PATH, and give no CUDA_PATH/CUDA_HOME warning, although the caller's
CUDA_PATH and CUDA_HOME name two other folders and a system CUDA 13 is first on its
LD_LIBRARY_PATH and PATH. docs/real-wheels.md ("cuda-python and cuda-pathfinder")."""
import json

from conftest import clean_env, prepared, run

SYSTEM_CUDA = "/usr/local/cuda-13.0"
PROBE = r"""
import json, os, shutil, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import cuda.pathfinder as p
    libs = {n: p.load_nvidia_dynamic_lib(n).abs_path for n in ("cudart", "nvrtc", "nvJitLink", "nvvm")}
    tools = {n: p.find_nvidia_binary_utility(n) for n in ("nvcc", "ptxas")}
    root = p.get_cuda_path_or_home()
    libdevice = p.find_bitcode_lib("device")
print(json.dumps({"libs": libs, "tools": tools, "root": root, "libdevice": libdevice,
                  "which": {n: shutil.which(n) for n in tools},
                  "loader_path": os.environ.get("LD_LIBRARY_PATH", "").split(":"),
                  "warnings": [str(w.message) for w in caught]}))
"""


def caller_env():
    env = clean_env(LD_LIBRARY_PATH=f"{SYSTEM_CUDA}/lib64", CUDA_PATH=SYSTEM_CUDA, CUDA_HOME="/usr/local/cuda")
    env["PATH"] = f"{SYSTEM_CUDA}/bin:" + env["PATH"]
    return env


def first_on(folders, name):
    """The file name in the first of folders that has it (the loader's search), or None."""
    import os
    return next((os.path.join(f, name) for f in folders if f and os.path.isfile(os.path.join(f, name))), None)


def test_pathfinder_finds_what_the_launcher_put_on_the_paths(launcher):
    wset, root = prepared("fw-cuda-python")
    site = str(root / "lib" / f"python{wset.python}" / "site-packages") + "/"
    under = json.loads(run([launcher, "--no-config", "--python", root, "--", "python", "-c", PROBE],
                           env=caller_env()).stdout.splitlines()[-1])
    direct = run([root / "bin" / "python", "-c", PROBE], env=caller_env(), check=False)
    print(f"--- under the launcher: {json.dumps(under)}\n--- without it: exit {direct.returncode}, "
          f"{direct.stdout.strip()[-1500:]} {direct.stderr.strip()[-800:]}")
    for name, path in under["libs"].items():
        assert path.startswith(site), (name, path)
        import os
        assert first_on(under["loader_path"], os.path.basename(path)) == path, (name, path, under["loader_path"])
    assert under["tools"] == under["which"] and all(p.startswith(site) for p in under["tools"].values()), under
    assert under["root"].startswith(site) and under["libdevice"].startswith(under["root"] + "/"), under
    assert not [w for w in under["warnings"] if "CUDA_PATH" in w or "CUDA_HOME" in w], under["warnings"]
