"""The Playground's page (`./course playground`, Voilà) does not pile up kernels or memory: every fetch of its address
starts a kernel, even from a program that never opens the page and never says goodbye (found by an attack: ten
fetches held 1 GB, for good). Such kernels are shut down once idle, and every process of the page is capped."""
import re
import time
import urllib.request
from pathlib import Path

from tests.browser import voila


def kernels_of(server_pid: int) -> list[int]:
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return [int(pid) for pid in children if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def test_a_kernel_nobody_uses_is_shut_down_and_every_process_is_capped(tmp_path):
    # The page's own settings, with a shorter wait than its 5 minutes (given on the command line, as a teacher could).
    with voila.playground_server(tmp_path, "--MappingKernelManager.cull_idle_timeout=3",
                                 "--MappingKernelManager.cull_interval=1") as server:
        pid = server.pid
        seen = set()
        for _ in range(2):  # fetched, never opened: no websocket, no goodbye
            urllib.request.urlopen(server.url + "/", timeout=120).read()
            # Looked at right after each fetch: on a busy machine the second page can take longer to make than the
            # first kernel's idle time, so the first may already be gone by the time both are fetched.
            for kernel in set(kernels_of(pid)) - seen:
                limits = Path(f"/proc/{kernel}/limits").read_text()
                assert re.search(r"Max address space\s+3221225472\s", limits), limits
                seen.add(kernel)
        assert len(seen) == 2  # each fetch started a kernel of its own
        deadline = time.monotonic() + 60
        while kernels_of(pid):
            assert time.monotonic() < deadline, "the page's unused kernels were never shut down"
            time.sleep(0.5)
