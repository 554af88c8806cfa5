"""How much memory one learner's processes may take on the class server, where nothing else holds them to it.

Where systemd runs the machine, the hub starts each learner's server in a systemd unit with a memory and CPU cap for
the whole learner (jupyterhub-systemdspawner, as The Littlest JupyterHub does): classroom/jupyterhub_config.py.
Elsewhere, the hub puts all of a learner's processes in a memory cgroup of theirs where the machine allows it
(classroom/spawners.py), and passes the cap in COURSE_MEMORY_LIMIT: the learner's server (classroom/singleuser.py)
sets it as a resource limit on itself before it starts, and every kernel it starts inherits it. That one caps each
process (the server, each kernel), not their sum; past it, an allocation fails: numpy raises MemoryError in that
learner's cell, which says so, and the kernel goes on; no other learner notices.

The cap is on address space (RLIMIT_AS, what `ulimit -v` sets), which counts memory a process has reserved, not only
what it has touched: a kernel that has run a lesson has reserved 1.03 to 1.32 GiB (lesson 12 the most; measured
here for every lesson and the Playground's page) while it holds 0.1 to 0.25 GiB, so the cap is not set below
1.5 GiB. Under the default cap of 2 GiB, every lesson passed nbval (`prlimit --as=2147483648 pytest notebooks`,
2026-12-02), and the class load test (tests/test_classroom_load.py) runs a lesson and the Playground on the hub.
"""
from __future__ import annotations

import os
import re
import resource

VARIABLE = "COURSE_MEMORY_LIMIT"
PROCESSES = "COURSE_PROCESS_LIMIT"  # processes and threads of the learner's user, all together (RLIMIT_NPROC)
SMALLEST = int(1.5 * 2**30)
UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def parse(text: str) -> int:
    """Bytes from "2G", "1536M", "2147483648" (K, M, G, T are powers of 1024, as JupyterHub reads them)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", str(text), flags=re.IGNORECASE)
    if not match:
        raise ValueError(f"a memory size should look like 2G or 1536M, not {text!r}")
    size = int(float(match.group(1)) * UNITS[match.group(2).upper()])
    if size < SMALLEST:
        raise ValueError(f"{text!r} is too little memory for a learner: a kernel that has run a lesson reserves "
                         f"up to 1.3 GiB; give at least 1.5G")
    return size


def apply(size: int) -> None:
    """Hold this process, and every process it starts from now on, to ``size`` bytes of address space."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        size = min(size, hard)
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def apply_from_environment() -> int | None:
    """The caps the hub passed, applied: COURSE_MEMORY_LIMIT for each process (returned; None when it passed none),
    and COURSE_PROCESS_LIMIT for the number of processes and threads the learner's user runs at once (a learner's
    fork bomb stops there, not at the machine's limit)."""
    if os.environ.get(PROCESSES):
        count = int(os.environ[PROCESSES])
        soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        count = count if hard == resource.RLIM_INFINITY else min(count, hard)
        resource.setrlimit(resource.RLIMIT_NPROC, (count, count))
    text = os.environ.get(VARIABLE)
    if not text:
        return None
    size = parse(text)
    apply(size)
    return size
