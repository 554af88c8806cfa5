"""What a learner sees of the Playground in a browser page, measured the same way in JupyterLab and in Voilà:
its read-outs, the frames per second while playing, the time from a slider move to the new picture.

The view (dlkit/widgets/playground_view.js) writes the epoch it shows into ``.pg-epoch`` and into the
``data-epoch`` / ``data-version`` attributes of ``.dlkit-playground`` when it has drawn a frame, so a
MutationObserver counting their changes counts the frames a learner sees.
"""
from __future__ import annotations

import json
import re
import time

VIEW = ".dlkit-playground"


def wait_for_view(page, timeout_s=60):
    page.locator(VIEW).first.wait_for(timeout=timeout_s * 1000)
    page.wait_for_function(f"() => document.querySelector('{VIEW}')?.dataset.version !== undefined",
                           timeout=timeout_s * 1000)


def shown(page) -> dict:
    """What the view shows: its epoch, network version and read-out texts."""
    return page.evaluate(f"""() => {{
        const v = document.querySelector('{VIEW}');
        return {{epoch: +v.dataset.epoch, version: +v.dataset.version, readouts: v.querySelector('.pg-readouts').innerText,
                 drawMs: +v.dataset.drawMs || null, roundTripMs: +v.dataset.roundTripMs || null}};
    }}""")


def play_button(page):
    return page.locator(".widget-toggle-button").filter(has_text="play").or_(
        page.locator(".widget-toggle-button").filter(has_text="pause")).first


def frames_per_second(page, seconds=5.0, warm_up=1.0) -> float:
    """Press play, wait ``warm_up`` seconds, count the epochs drawn during ``seconds``, press pause."""
    page.evaluate(f"""() => {{
        window.__pgFrames = 0;
        const epoch = document.querySelector('{VIEW} .pg-epoch');
        window.__pgObserver = new MutationObserver(() => window.__pgFrames++);
        window.__pgObserver.observe(epoch, {{childList: true, characterData: true, subtree: true}});
    }}""")
    button = play_button(page)
    button.click()
    time.sleep(warm_up)
    start_count, start = page.evaluate("() => window.__pgFrames"), time.monotonic()
    time.sleep(seconds)
    count, elapsed = page.evaluate("() => window.__pgFrames"), time.monotonic() - start
    button.click()
    page.evaluate("() => window.__pgObserver.disconnect()")
    return (count - start_count) / elapsed


def slider_to_picture_ms(page, slider_name: str, key="ArrowRight", timeout_s=10) -> float:
    """Focus the slider named ``slider_name``, press ``key`` and time until the view has drawn the new network
    (its ``data-version`` changes): what a learner waits between moving a slider and seeing the result."""
    slider = page.locator(".widget-slider").filter(has_text=slider_name).first
    slider.locator(".noUi-handle").click()  # focus the handle (a click on it does not move it)
    page.evaluate(f"""() => {{
        const view = document.querySelector('{VIEW}'), before = view.dataset.version;
        window.__pgChanged = new Promise(resolve => {{
            window.__pgKeyAt = null;
            const observer = new MutationObserver(() => {{
                if (view.dataset.version !== before) {{ observer.disconnect(); resolve(performance.now()); }}
            }});
            observer.observe(view, {{attributes: true}});
        }});
        document.addEventListener('keydown', () => {{ window.__pgKeyAt ??= performance.now(); }}, {{capture: true, once: true}});
    }}""")
    page.keyboard.press(key)
    return page.evaluate(f"async () => {{ const done = await Promise.race([window.__pgChanged, "
                         f"new Promise(r => setTimeout(() => r(null), {timeout_s * 1000}))]); "
                         f"return done === null ? null : done - window.__pgKeyAt; }}")


def kernel_value(page, expression: str):
    """The value of ``expression`` in the kernel of the notebook on screen (JupyterLab only), as JSON: asked
    through JupyterLab's own kernel connection, as a cell would be run, without adding a cell."""
    code = f"import json as _json; print(_json.dumps({expression}))"
    printed = page.evaluate("""async (code) => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        const future = kernel.requestExecute({code, silent: false, store_history: false});
        let out = "";
        future.onIOPub = (msg) => {
            if (msg.header.msg_type === "stream") out += msg.content.text;
            if (msg.header.msg_type === "error") out += "ERROR " + msg.content.ename + ": " + msg.content.evalue;
        };
        await future.done;
        return out;
    }""", code)
    if printed.startswith("ERROR"):
        raise AssertionError(f"{expression}: {printed}")
    import json
    return json.loads(printed)


def set_slider(page, name: str, value, timeout_s=10):
    """Move the slider named ``name`` with the keyboard, as a learner can, until its read-out shows ``value``;
    then wait until the view has drawn the network it made."""
    slider = page.locator(".widget-slider").filter(has_text=name).first
    readout = slider.locator(".widget-readout")
    slider.locator(".noUi-handle").click()
    deadline = time.monotonic() + timeout_s
    while (now := float(readout.inner_text())) != float(value):
        assert time.monotonic() < deadline, f"the {name} slider did not reach {value} (it shows {now})"
        page.keyboard.press("ArrowRight" if now < float(value) else "ArrowLeft")
        time.sleep(0.05)
    time.sleep(0.5)  # the last rebuild reaches the view


CANVAS_WIDTH = 980  # the canvas's own coordinates (WIDTH in playground_view.js); the page may show it smaller
SURFACE = (455, 34, 300)  # where the prediction is drawn in them: x, y, size (SURFACE in playground_view.js)


def on_canvas(page, x, y):
    """Page coordinates of the canvas point (x, y) in its own coordinates."""
    box = page.locator(f"{VIEW} canvas").first.bounding_box()
    k = box["width"] / CANVAS_WIDTH
    return box["x"] + x * k, box["y"] + y * k


def node_position(page, column, i):
    """Where node i of a column (0: the inputs) is drawn, in page coordinates."""
    centres = json.loads(page.locator(f"{VIEW} canvas").first.get_attribute("data-nodes"))
    return on_canvas(page, *centres[column][i])


def surface_position(page, x1, x2, bounds):
    """Where the point (x1, x2) of the plane is drawn in the prediction, in page coordinates."""
    x, y, size = SURFACE
    return on_canvas(page, x + (x1 - bounds[0]) / (bounds[1] - bounds[0]) * size,
                     y + size - (x2 - bounds[2]) / (bounds[3] - bounds[2]) * size)


def open_weight_editor(page, along=0.3):
    """Click the link from neuron 2 of hidden layer 1 to neuron 1 of hidden layer 2, ``along`` of the way (away
    from where links cross), as a learner does to type a weight: returns the box that opens and the link it
    names, (column, i, j) counted from 0 (its title counts from 1)."""
    (ax, ay), (bx, by) = node_position(page, 1, 1), node_position(page, 2, 0)
    page.mouse.click(ax + along * (bx - ax), ay + along * (by - ay))
    editor = page.locator(f"{VIEW} .pg-weight-editor")
    editor.wait_for(timeout=5000)
    i, column, j = (int(v) - 1 for v in re.findall(r"\d+", editor.get_attribute("title")))
    return editor, (column, i, j)
