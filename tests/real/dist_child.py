"""Test child of test_distributed.py: one worker of a distributed launcher (torchrun, mpirun,
a Ray task) reports what its loader finds. Each report is one stdout line,
"RWC-REPORT <json>", so the reports of several workers can be picked out of their merged
output: {"rank", "world", "pid", "prefix" (sys.prefix), "loaded": {soname: [files mapped for it]}, "errors":
{soname: dlerror text}, "ld_library_path"}, plus what the mode adds.

The sonames are dlopened by name first, before anything else loads (as CuPy or ONNX Runtime
do it), so the loader's own search decides where each comes from (docs/design.md, "Why native,
and before Python").

Usage: python dist_child.py MODE [ARG...]
  torch                 a torchrun worker (RANK, WORLD_SIZE): the probe, then import torch
                        (every libcudart.so.13 mapped after it: "cudart_after_import"), then
                        torch.distributed on gloo: all_reduce of rank + 1 over the group
  mpi                   an mpirun rank (OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE): the probe,
                        then MPI_Init and an MPI_Allreduce of rank + 1 over MPI_COMM_WORLD
  ray ADDRESS TMP [ENV] a Ray driver: ray.init(address=ADDRESS; "local" starts a local
                        cluster in TMP bound to 127.0.0.1), two tasks run the probe; ENV is a
                        JSON object for runtime_env={"env_vars": ENV}; the driver reports
                        its own probe too, as rank -1
"""
import ctypes
import json
import os
import sys

import maps
from maps import mapped_objects

SONAMES = ("libcudart.so.13", "libnvrtc.so.13")


def probe(rank, world):
    """dlopens each of SONAMES by soname; returns the report (see the module's text)."""
    errors = {}
    for soname in SONAMES:
        try:
            ctypes.CDLL(soname)
        except OSError as e:
            errors[soname] = str(e)
    maps = mapped_objects()
    loaded = {s: [m for m in maps if os.path.basename(m).startswith(s)] for s in SONAMES}
    return {"rank": rank, "world": world, "pid": os.getpid(), "prefix": sys.prefix, "loaded": loaded,
            "errors": errors, "ld_library_path": os.environ.get("LD_LIBRARY_PATH")}


def emit(report):
    sys.stdout.write("RWC-REPORT " + json.dumps(report) + "\n")
    sys.stdout.flush()


def torch_worker():
    report = probe(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]))
    import torch
    report["cudart_after_import"] = [m for m in mapped_objects() if os.path.basename(m).startswith("libcudart.so.13")]
    import torch.distributed as dist
    dist.init_process_group("gloo")
    value = torch.tensor([report["rank"] + 1.0])
    dist.all_reduce(value)
    report.update(all_reduce=value.item(), backend=dist.get_backend(), group_size=dist.get_world_size())
    dist.destroy_process_group()
    emit(report)


def mpi_rank():
    """The probe, then MPI itself through Open MPI's C API (libmpi.so.40 by ctypes, so no
    mpi4py): MPI_Init, MPI_Comm_rank and an MPI_Allreduce of rank + 1 over MPI_COMM_WORLD.
    Open MPI's predefined handles are the addresses of its ompi_mpi_* objects (its mpi.h)."""
    report = probe(int(os.environ["OMPI_COMM_WORLD_RANK"]), int(os.environ["OMPI_COMM_WORLD_SIZE"]))
    mpi = ctypes.CDLL("libmpi.so.40", mode=ctypes.RTLD_GLOBAL)

    def handle(name):
        return ctypes.c_void_p(ctypes.addressof(ctypes.c_char.in_dll(mpi, name)))

    world = handle("ompi_mpi_comm_world")
    assert mpi.MPI_Init(None, None) == 0
    rank, total = ctypes.c_int(-1), ctypes.c_int(0)
    mpi.MPI_Comm_rank(world, ctypes.byref(rank))
    send = ctypes.c_int(rank.value + 1)
    mpi.MPI_Allreduce(ctypes.byref(send), ctypes.byref(total), 1, handle("ompi_mpi_int"), handle("ompi_mpi_op_sum"),
                      world)
    mpi.MPI_Finalize()
    report.update(mpi_rank=rank.value, all_reduce=total.value)
    emit(report)


def ray_driver(address, tmp, env_json=None):
    own = probe(-1, 2)
    import ray
    runtime_env = {"env_vars": json.loads(env_json)} if env_json else None
    if address == "local":
        ray.init(_node_ip_address="127.0.0.1", include_dashboard=False, num_cpus=1, _temp_dir=tmp,
                 runtime_env=runtime_env, log_to_driver=False)
    else:
        ray.init(address=address, runtime_env=runtime_env, log_to_driver=False)
    # A Ray worker cannot import this folder's modules: maps goes to it by value, with probe.
    ray.cloudpickle.register_pickle_by_value(maps)
    task = ray.remote(num_cpus=0)(probe)
    reports = ray.get([task.remote(i, 2) for i in range(2)], timeout=120)
    ray.shutdown()
    for report in [own] + reports:
        emit(report)


def main(argv):
    mode = argv[0]
    if mode == "torch":
        torch_worker()
    elif mode == "mpi":
        mpi_rank()
    elif mode == "ray":
        ray_driver(*argv[1:])
    else:
        raise SystemExit(f"dist_child.py: unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
