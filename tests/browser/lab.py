"""Helpers that drive JupyterLab 4 in a Playwright page: open a notebook, run it, inspect its outputs.

Every wait has an explicit timeout and every failure says what the page showed, so that a red test
tells what went wrong without re-running it by hand.
"""

import re
import time
from dataclasses import dataclass, field
from urllib.parse import quote

# The notebook on screen. Tests open one notebook per page; lumino hides inactive tabs with lm-mod-hidden.
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
# Texts the ipywidgets renderer leaves in place of a widget it could not (yet) show.
WIDGET_LOADING_TEXT = "Loading widget..."
ERROR_IN_STDERR = re.compile(r"Traceback|\w*Error\b")

# The kernel state of the notebook on screen, read from the JupyterLab app the server exposes as
# window.jupyterapp (--LabApp.expose_app_in_browser). "idle" is only reported once the session is
# ready and the kernel connected: before that, commands such as Run All are silently lost.
_KERNEL_STATUS_JS = """() => {
    const app = window.jupyterapp;
    if (!app) return 'no window.jupyterapp (start the server with --LabApp.expose_app_in_browser=True)';
    const context = app.shell.currentWidget?.sessionContext;
    if (!context) return 'no notebook is the current widget';
    const kernel = context.session?.kernel;
    if (!context.isReady || !kernel) return 'starting';
    if (kernel.connectionStatus !== 'connected') return kernel.connectionStatus;
    return kernel.status;
}"""

# Run All is finished when the kernel is idle, no cell shows the running/queued prompt [*], and at
# least one cell got an execution count (the outputs were cleared first, so that count is new).
_RUN_FINISHED_JS = f"""() => {{
    if (({_KERNEL_STATUS_JS})() !== 'idle') return false;
    const prompts = [...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
    const running = prompts.some(text => text.includes('*'));
    const executed = prompts.some(text => /\\[\\d+\\]/.test(text));
    return !running && executed;
}}"""


def open_notebook(page, lab, relative_path, timeout_s=60):
    """Open `relative_path` (relative to the lab root) in a fresh workspace and wait for its kernel to be idle."""
    # ?reset starts from an empty workspace, so tabs of notebooks opened by earlier tests do not come back.
    page.goto(f"{lab.url}/lab/tree/{quote(str(relative_path))}?reset&token={lab.token}")
    try:
        page.locator(f"{PANEL} .jp-Notebook").wait_for(state="visible", timeout=timeout_s * 1000)
    except Exception as error:
        raise AssertionError(
            f"the notebook panel of {relative_path} did not appear within {timeout_s} s "
            f"(page title {page.title()!r}); server log tail:\n{lab.log_tail()}"
        ) from error
    wait_kernel_idle(page, timeout_s)
    dismiss_popups(page)


def kernel_status(page):
    """The kernel status of the notebook on screen: 'idle', 'busy', 'starting', 'connecting', ..."""
    return page.evaluate(_KERNEL_STATUS_JS)


def wait_kernel_idle(page, timeout_s=60):
    try:
        page.wait_for_function(f"() => ({_KERNEL_STATUS_JS})() === 'idle'", timeout=timeout_s * 1000, polling=100)
    except Exception as error:
        raise AssertionError(
            f"the kernel was not idle after {timeout_s} s (status {kernel_status(page)!r}); "
            f"dialogs: {dialog_texts(page)}"
        ) from error


def click_menu(page, menu_label, command_id):
    """Click a main-menu entry, e.g. ("Run", "runmenu:run-all"), as a user would."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^\s*{re.escape(menu_label)}\s*$")).click()
    # Lumino marks each menu entry with the id of the command it runs, which is sturdier than its label.
    entry = page.locator(f'.lm-Menu-item[data-command="{command_id}"]')
    try:
        entry.wait_for(state="visible", timeout=5_000)
    except Exception as error:
        offered = page.locator(".lm-Menu-item[data-command]").evaluate_all("items => items.map(i => i.dataset.command)")
        page.keyboard.press("Escape")
        raise AssertionError(f"menu {menu_label!r} has no entry {command_id!r}; it offers {offered}") from error
    entry.click()


def run_all_cells(page, timeout_s=120):
    """Clear all outputs, run all cells from the Run menu, wait until the run is over; returns seconds taken.

    Clearing first matters twice: saved widget outputs would show "model not found" errors until
    rerun, and the fresh execution counts are how we know the run really happened.
    """
    click_menu(page, "Edit", "editmenu:clear-all")
    started = time.monotonic()
    click_menu(page, "Run", "runmenu:run-all")
    try:
        page.wait_for_function(_RUN_FINISHED_JS, timeout=timeout_s * 1000, polling=100)
    except Exception as error:
        raise AssertionError(
            f"Run All did not finish within {timeout_s} s (kernel {kernel_status(page)!r}); "
            f"errors so far: {error_outputs(page)}; dialogs: {dialog_texts(page)}"
        ) from error
    elapsed = time.monotonic() - started
    wait_widgets_settled(page)
    return elapsed


# Error outputs of the notebook on screen. A cell tagged `raises-exception` shows an error on purpose
# (JupyterLab's Run All goes on past it, like nbval), so its outputs are left out.
_ERROR_OUTPUTS_JS = f"""() => {{
    const panel = window.jupyterapp?.shell.currentWidget;
    const cells = panel?.content?.widgets;
    const nodes = cells
        ? cells.filter(cell => !(cell.model.getMetadata('tags') || []).includes('raises-exception'))
               .flatMap(cell => [...cell.node.querySelectorAll('{STDERR_OUTPUT}')])
        : [...document.querySelectorAll('{PANEL} {STDERR_OUTPUT}')];
    return nodes.map(node => node.innerText);
}}"""


def error_outputs(page):
    """Texts of the error outputs (tracebacks, ...Error lines on stderr) and of kernel-trouble dialogs."""
    errors = [text for text in page.evaluate(_ERROR_OUTPUTS_JS) if ERROR_IN_STDERR.search(text)]
    errors += [f"dialog: {text}" for text in dialog_texts(page) if re.search(r"kernel|error", text, re.IGNORECASE)]
    return errors


@dataclass
class WidgetViews:
    rendered: int = 0  # outputs that show a real widget
    loading: int = 0  # outputs still saying "Loading widget..."
    failures: list = field(default_factory=list)  # e.g. "Error displaying widget: model not found"

    @property
    def problems(self):
        return self.failures + [WIDGET_LOADING_TEXT] * self.loading


# The ipywidgets renderer is the output node itself (it carries no data-mime-type): once it works it
# holds the widget's view as its child; when it fails it writes the error text into itself and takes
# the jupyter-widgets class; meanwhile it says "Loading widget...".
_WIDGET_VIEWS_JS = f"""() => {{
    const outputs = [...document.querySelectorAll('{PANEL} .jp-OutputArea-output')];
    return {{
        rendered: outputs.filter(o => !o.classList.contains('jupyter-widgets')
                                      && [...o.children].some(c => c.classList.contains('jupyter-widgets'))).length,
        loading: outputs.filter(o => o.textContent.trim() === '{WIDGET_LOADING_TEXT}').length,
        failures: outputs.filter(o => o.classList.contains('jupyter-widgets')).map(o => o.textContent.trim()),
    }};
}}"""


def widget_views(page):
    """Count the widget views of the notebook on screen, by state (nested views count too)."""
    return WidgetViews(**page.evaluate(_WIDGET_VIEWS_JS))


def wait_widgets_settled(page, timeout_s=20):
    """Wait until no output still says "Loading widget..."; the caller asserts on what is left."""
    try:
        page.wait_for_function(f"() => ({_WIDGET_VIEWS_JS})().loading === 0", timeout=timeout_s * 1000, polling=100)
    except Exception:
        pass


def dialog_texts(page):
    return [text.strip() for text in page.locator(".jp-Dialog").all_inner_texts()]


def dismiss_popups(page):
    """Close toasts and dialogs that may cover the notebook; returns their texts (for logging)."""
    closed = []
    for toast in page.locator(".Toastify__toast").all():
        closed.append(f"toast: {toast.inner_text().strip()}")
        dismiss = toast.locator(".jp-toast-dismiss, button[aria-label*='close' i], button[title*='dismiss' i]")
        if dismiss.count():
            dismiss.first.click()
    for text in dialog_texts(page):
        closed.append(f"dialog: {text}")
        page.keyboard.press("Escape")
    return closed


def img_src(image):
    """The src of an <img> locator: ipywidgets.Image shows a new blob:/data: URL for each new value."""
    return image.get_attribute("src")


def image_bytes(element):
    """PNG screenshot of an element, to compare what is actually drawn on screen."""
    return element.screenshot()


def time_key_to_new_picture(page, image, key="ArrowRight", timeout_s=10):
    """Press `key` (on the focused element) and return milliseconds until `image` has loaded a new picture.

    Both moments are taken inside the browser (keydown event, then the <img> load event of the new src),
    so the figure excludes Playwright's own round trips.
    """
    image.evaluate(
        """(img, key) => {
            const timing = {keydown: null, picture: null, oldSrc: img.src};
            window.__keyToPicture = timing;
            document.addEventListener('keydown', event => {
                if (event.key === key && timing.keydown === null) timing.keydown = performance.now();
            }, {capture: true});
            img.addEventListener('load', () => {
                if (timing.keydown !== null && timing.picture === null && img.src !== timing.oldSrc) {
                    timing.picture = performance.now();
                }
            });
        }""",
        key,
    )
    page.keyboard.press(key)
    try:
        page.wait_for_function("() => window.__keyToPicture.picture !== null", timeout=timeout_s * 1000)
    except Exception as error:
        raise AssertionError(
            f"no new picture {timeout_s} s after pressing {key}; errors: {error_outputs(page)}"
        ) from error
    timing = page.evaluate("() => window.__keyToPicture")
    return timing["picture"] - timing["keydown"]
