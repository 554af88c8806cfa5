"""Voilà with dlkit's server extension: what ``./course playground`` runs to show the Playground on a page of its own.

    python -m dlkit.widgets.voila_app notebooks/playground.ipynb --no-browser [any of voila's options]

The ``voila`` command runs a server of its own, which does not load Jupyter server extensions (the
``jpserver_extensions`` that JupyterLab loads from .venv/etc/jupyter), so the Playground's frames would wait for
Nagle's algorithm and the browser's delayed acknowledgements again: about 20 frames per second instead of about
50 (see dlkit/server_extension.py). This is the same Voilà, started the same way as ``voila``, with the extension loaded
first: it patches the kernel websocket class, and Voilà's kernel websocket handler is a subclass of it.
"""
from __future__ import annotations

import resource
import sys

from tornado.ioloop import IOLoop
from voila.app import Voila

from .. import server_extension


# Every visit of the page starts a kernel. One left behind (a page closed without a goodbye, an address fetched by a
# program that never opens the page) is shut down after 5 minutes without a page on it; and every process of the page
# (the server, each kernel) may take at most 3 GiB, so no visitor can take all of the machine's memory. The same
# options given on the command line take the place of these.
DEFAULTS = ["--MappingKernelManager.cull_idle_timeout=300", "--MappingKernelManager.cull_interval=60",
            "--MappingKernelManager.cull_connected=False"]
MEMORY_PER_PROCESS = 3 * 2**30


def main(argv=None):
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = MEMORY_PER_PROCESS if hard == resource.RLIM_INFINITY else min(MEMORY_PER_PROCESS, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    argv = list(sys.argv[1:] if argv is None else argv)
    given = {option.split("=")[0] for option in argv}
    app = Voila.instance()
    app.initialize([option for option in DEFAULTS if option.split("=")[0] not in given] + argv)
    server_extension._load_jupyter_server_extension(app)
    # Voilà logs its address among other lines; say it once more, plainly, when the server listens.
    IOLoop.current().add_callback(lambda: print(f"\nOpen {app.display_url} in a browser (Ctrl+C stops the server).\n",
                                                flush=True))
    app.start()


if __name__ == "__main__":
    main()
