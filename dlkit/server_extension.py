"""A Jupyter server extension that lets the Playground's frames through without a 40 ms wait.

The kernel's messages reach the browser over a websocket. Jupyter's server leaves Nagle's algorithm on for
it, so a small message written right after another waits until the browser acknowledges the first, and
browsers delay acknowledgements by up to 40 ms. A frame is three small messages (kernel busy, the frame,
kernel idle): every round trip from the browser's "next frame, please" to the frame took about 48 ms instead
of about 8, which capped the Playground at about 20 frames per second whatever the kernel's speed. Tornado
documents the cure: ``set_nodelay(True)`` on the websocket, done here for every kernel websocket (JupyterLab's
and Voilà's, which is a subclass).

``./course`` enables it for the course's environment (a file in .venv/etc/jupyter/jupyter_server_config.d).
"""
from __future__ import annotations

import functools


def _jupyter_server_extension_points():
    return [{"module": "dlkit.server_extension"}]


def _load_jupyter_server_extension(server_app):
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

    if getattr(KernelWebsocketHandler.open, "_sends_at_once", False):
        return
    opened = KernelWebsocketHandler.open

    @functools.wraps(opened)
    async def open_without_delay(self, *args, **kwargs):
        self.set_nodelay(True)
        return await opened(self, *args, **kwargs)

    open_without_delay._sends_at_once = True
    KernelWebsocketHandler.open = open_without_delay
    server_app.log.info("dlkit: kernel websockets send small messages at once (TCP_NODELAY)")
