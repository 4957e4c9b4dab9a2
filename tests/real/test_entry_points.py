"""The entry points on real CUDA wheels (the demo set; docs/integrations.md, "IDEs"): the
interpreter shim answers an IDE's probes exactly as the environment's own interpreter does,
and the program it starts loads the venv's CUDA libraries (the environment's interpreter
alone, the control, does not); the .env that --print-env dotenv writes reads back, by
python-dotenv and by VS Code's rules, as exactly the launcher's variables."""
import io
import json
import os
import subprocess
from pathlib import Path

from dotenv import dotenv_values

import vscode_dotenv
from conftest import clean_env, prepared, run

HERE = Path(__file__).resolve().parent
PROBE = ("import sys, json; print(json.dumps([sys.prefix, sys.base_prefix, sys.exec_prefix, sys.executable, "
         "sys.path, sys.version, sys.flags.isolated]))")


def _shim(launcher, root, folder):
    run([launcher, "--no-config", "--python", root, "--install-shim", folder])
    return folder / "bin" / "python"


def test_shim_answers_probes_as_the_environments_interpreter(launcher, tmp_path):
    _, root = prepared("demo")
    shim = _shim(launcher, root, tmp_path / "shim")
    own = root / "bin" / "python"
    for args in (["-c", PROBE], ["-I", "-c", PROBE], ["-E", "-s", "-c", PROBE], ["-m", "pip", "--version"],
                 ["-c", "import sys; print(sys.argv)", "--version", "-h"]):
        through, direct = run([shim] + args, cwd=tmp_path), run([own] + args, cwd=tmp_path)
        assert (through.stdout, through.stderr) == (direct.stdout, direct.stderr), args
    assert str(root) in run([shim, "-m", "pip", "--version"]).stdout
    script = "import sys\nprint(sys.argv, sys.prefix)\n"
    answers = [subprocess.run([python, "-", "a", "b c"], input=script, capture_output=True, text=True,
                              env=clean_env(), cwd=tmp_path) for python in (shim, own)]
    assert answers[0].returncode == 0, answers[0].stderr
    assert answers[0].stdout == answers[1].stdout == f"['-', 'a', 'b c'] {root}\n"


def _loaded(python, soname, env):
    seen = json.loads(run([python, HERE / "load_one.py", soname], env=env, cwd="/").stdout)
    return seen["ok"], [m for m in seen["maps"] if os.path.basename(m).startswith(soname)]


def test_shim_loads_the_venvs_cuda_libraries(launcher, tmp_path):
    _, root = prepared("demo")
    shim = _shim(launcher, root, tmp_path / "shim")
    lib = Path(os.path.realpath(root)) / "lib" / "python3.11" / "site-packages" / "nvidia" / "cu13" / "lib"
    env = clean_env(VIRTUAL_ENV="/nonexistent/other")  # an IDE's own activation: the shim's config wins
    for soname in ("libcudart.so.13", "libnvrtc.so.13"):
        ok, mapped = _loaded(shim, soname, env)
        assert ok and mapped == [str(lib / soname)], (soname, mapped)
        # The control: the environment's own interpreter, without the launcher.
        ok, mapped = _loaded(root / "bin" / "python", soname, clean_env())
        assert not any(m.startswith(str(lib)) for m in mapped), (soname, mapped)
        print(f"control: {soname} without the launcher: {'loaded ' + str(mapped) if ok else 'not found'}")


def test_dotenv_reads_back_as_the_plan(launcher, tmp_path):
    _, root = prepared("demo")
    config = tmp_path / "run-with-cuda.toml"
    # Values a careless .env writer gets wrong: quotes, '$', '#', a Windows path with \n in it,
    # spaces at the ends (then quoted), non-ASCII text.
    config.write_text("[env.set]\n"
                      "ODD = \"it's a \\\"$HOME\\\" caf\u00e9#1\"\n"
                      "WIN = 'C:\\Users\\me\\.venv\\Lib\\site-packages\\nvidia\\cu13\\bin'\n"
                      "SPACED = '  two words #x '\n", encoding="utf-8")
    common = [launcher, "--config", config, "--python", root, "--print-env"]
    plan = json.loads(run(common + ["json"]).stdout)
    text = run(common + ["dotenv"]).stdout
    expected = {name: value for name, value in plan.items() if value is not None}
    assert {"LD_LIBRARY_PATH", "CUDA_PATH", "PATH", "ODD", "WIN", "SPACED"} <= set(expected)
    assert dotenv_values(stream=io.StringIO(text)) == expected, text
    assert vscode_dotenv.parse(text, base={"HOME": "/h"}) == expected, text
    for name, value in plan.items():
        if value is None:
            assert f"# unset {name}\n" in text
    (tmp_path / ".env").write_text(text, encoding="utf-8")  # as a workspace's .env
    assert dotenv_values(tmp_path / ".env") == expected
