"""Run by test_jupyter.py with the jupyter venv's interpreter: starts the kernel of the named
kernelspec with jupyter_client's KernelManager (as Jupyter and nbclient do), runs the code of
cuda_probe.report() in it, and prints what the kernel printed.
Usage: python kernel_client.py KERNEL_NAME"""
import sys
from pathlib import Path

from jupyter_client.manager import start_new_kernel

HERE = str(Path(__file__).resolve().parent)
CODE = f"import sys; sys.path.insert(0, {HERE!r}); import cuda_probe; cuda_probe.report()"


def main(name):
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    out = []
    try:
        reply = kc.execute_interactive(CODE, timeout=120, output_hook=lambda msg: out.append(msg))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    for msg in out:
        if msg["msg_type"] == "stream":
            sys.stdout.write(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            sys.stdout.write("\n".join(msg["content"]["traceback"]) + "\n")
    return 0 if reply["content"]["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
