"""Voilà with dlkit's server extension: what ``./course playground`` runs to show the Playground on a page of its own.

    python -m dlkit.widgets.voila_app notebooks/playground.ipynb --no-browser [any of voila's options]

The ``voila`` command runs a server of its own, which does not load Jupyter server extensions (the
``jpserver_extensions`` that JupyterLab loads from .venv/etc/jupyter), so the Playground's frames would wait for
Nagle's algorithm and the browser's delayed acknowledgements again: about 20 frames per second instead of about
50 (see dlkit/server_extension.py). This is the same Voilà, started the same way as ``voila``, with the extension loaded
first: it patches the kernel websocket class, and Voilà's kernel websocket handler is a subclass of it.
"""
from __future__ import annotations

from tornado.ioloop import IOLoop
from voila.app import Voila

from .. import server_extension


def main(argv=None):
    app = Voila.instance()
    app.initialize(argv)
    server_extension._load_jupyter_server_extension(app)
    # Voilà logs its address among other lines; say it once more, plainly, when the server listens.
    IOLoop.current().add_callback(lambda: print(f"\nOpen {app.display_url} in a browser (Ctrl+C stops the server).\n",
                                                flush=True))
    app.start()


if __name__ == "__main__":
    main()
