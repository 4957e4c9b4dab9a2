"""The shared objects mapped in this process, for the test children of tests/real
(load_one.py, fw_child.py, nvrtc_compile.py, dist_child.py), which run as scripts from this folder."""


def mapped_objects():
    """Every file with ".so" in its path mapped in this process, once each, in
    /proc/self/maps order (absolute paths as the kernel names them: real files)."""
    out = []
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split(None, 5)
            if len(parts) == 6 and ".so" in parts[5] and parts[5].strip() not in out:
                out.append(parts[5].strip())
    return out
