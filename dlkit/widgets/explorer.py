"""The template every explorer follows: named controls, a message line, a picture, all in one box.

The simplest explorer shows the whole pattern; copy it to make a new one:

    class SquareExplorer(Explorer):
        '''x and x squared.'''

        def __init__(self, x=1.0):
            self.controls = {"x": slider(W.FloatSlider, x, -3, 3, 0.1, "x")}
            self.layout([["x"]])        # rows of control names; any change redraws (self.on adds other actions)
            self.redraw()

        def redraw(self):
            x = self.value("x")
            self.say(f"x² = {x ** 2:.2f}")  # the text readout
            fig, ax = plots.figure_and_axes()
            ax.plot(x, x ** 2, "o")
            self.show(fig)                  # the picture (kept as .figure, so tests can read its numbers)

Everything a learner sees comes from the explorer's own state, never from objects a later notebook
cell can change: an explorer given a network copies it (``own_copy``). Tests drive an explorer through
``.controls`` exactly as a learner does with the mouse, then read ``.message`` (the text), ``.figure``
(the matplotlib figure behind the picture) and ``.png()`` (the picture itself).
"""
from __future__ import annotations

import copy
import html
import re
import threading

import ipywidgets as W
import numpy as np
import traitlets

from .. import plots
from ..layers import ReLU

WIDE = {"description_width": "90px"}
# Message lines spaced like text (a widget's HTML gets a 28-pixel line height), and a smaller note line.
LINE, SMALL = "<div style='line-height: 1.4'>", "<div style='line-height: 1.4; font-size: smaller; margin-top: 3px'>"


def slider(kind, value, low, high, step, description, **options):
    """A slider with room for its name, sized so that three fit side by side. A starting value off its range is
    refused in plain words (the widget would move it to the nearest end without a word)."""
    base = options.get("base", 10)
    ends = (base ** low, base ** high) if kind is W.FloatLogSlider else (low, high)  # a log slider's are powers
    slack = 1e-9 * max(abs(ends[0]), abs(ends[1]))  # powers of 10 come out a hair off: 10 ** 0.5
    if not ends[0] - slack <= value <= ends[1] + slack:
        raise ValueError(f"{description.strip(': ')} goes from {ends[0]:g} to {ends[1]:g} on its slider, but got "
                         f"{value:g}")
    style = options.pop("style", WIDE)
    return kind(value=value, min=low, max=high, step=step, description=description, style=style,
                layout=W.Layout(width="300px"), continuous_update=True, **options)


class Switches(W.HBox):
    """A row of on/off buttons, one per option; ``value`` is the tuple of those switched on, in the options'
    order (observe it like any control's value). At least one stays on."""

    value = traitlets.Tuple()

    def __init__(self, options, value, description):
        self.options = tuple(options)
        if isinstance(value, str):  # one option named alone: "x1", not the letters "x" and "1"
            value = (value,)
        unknown = [v for v in value if v not in self.options]
        if unknown or not value:
            raise ValueError(f"{description} should be some of {list(self.options)}, but got {list(value)}")
        self._syncing = False
        self.buttons = [W.ToggleButton(value=option in value, description=option, layout=W.Layout(width="70px"))
                        for option in self.options]
        super().__init__([W.Label(description, layout=W.Layout(width="90px"))] + self.buttons)
        self.value = tuple(option for option in self.options if option in value)
        for button in self.buttons:
            button.observe(self._from_buttons, names="value")
        self.observe(self._to_buttons, names="value")

    @traitlets.validate("value")
    def _valid(self, proposal):
        chosen = tuple(option for option in self.options if option in proposal["value"])
        if not chosen or len(chosen) != len(set(proposal["value"])):
            raise traitlets.TraitError(f"choose one or more of {list(self.options)}, not {list(proposal['value'])}")
        return chosen

    def _from_buttons(self, _):
        if self._syncing:  # the buttons are being set to the value: no value to take from them meanwhile
            return
        chosen = tuple(option for option, button in zip(self.options, self.buttons) if button.value)
        if not chosen:  # the last one on cannot be switched off: a network needs an input
            self._to_buttons(None)
            return
        self.value = chosen

    def _to_buttons(self, _):
        self._syncing = True
        try:
            for option, button in zip(self.options, self.buttons):
                button.value = option in self.value
        finally:
            self._syncing = False


def steps_slider(options, value, description):
    """A slider over a list of numbers (e.g. learning rates a learner would type: 0.01, 0.03, 0.1, ...):
    every position is a round number, so what the readout says is exactly what is used. ``value`` is
    added to the list if it is not there."""
    options = sorted(set(float(v) for v in options) | {float(value)})
    return W.SelectionSlider(options=[(f"{v:g}", v) for v in options], value=float(value), description=description,
                             style=WIDE, layout=W.Layout(width="300px"), continuous_update=True)


def choice(options, value, description):
    """A drop-down list, as wide as a slider. A value it does not offer is named with the ones it does (the
    widget's own error says only "value not found")."""
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if value not in values:
        raise ValueError(f"{description.strip(': ')} should be one of {values}, but got {value!r}")
    return W.Dropdown(options=options, value=value, description=description, style=WIDE,
                      layout=W.Layout(width="300px"))


def button(description, width="160px", **options):
    return W.Button(description=description, layout=W.Layout(width=width), **options)


def own_copy(net):
    """A private copy of a network: what an explorer shows cannot be changed by later cells that go on
    training (or computing gradients with) the learner's network."""
    return copy.deepcopy(net)


class Explorer:
    """What every explorer shares. A subclass fills ``self.controls`` (name -> widget), calls
    ``self.layout(rows)`` once and implements ``redraw()``, which ends with ``self.say(...)`` and
    ``self.show(fig)``."""

    picture_width = "100%"  # subclasses set the width their picture reads best at (at most 1000 px)

    def layout(self, rows, redraw_on=None, extra=(), picture=None):
        """Put the controls in rows (lists of names) above the message line and the picture.
        Controls named in ``redraw_on`` (default: every slider and drop-down) redraw when they change;
        ``extra`` widgets go below the picture. ``picture``: a widget that draws itself in the browser,
        shown instead of the PNG image."""
        self._events = threading.RLock()
        self.image = W.Image(format="png", layout=W.Layout(width=self.picture_width, max_width="1000px"))
        self.message = W.HTML()
        self.figure = None
        self.box = W.VBox([W.HBox([self.controls[name] for name in row]) for row in rows]
                          + [self.message, picture or self.image, *extra])
        if redraw_on is None:
            redraw_on = [name for name, c in self.controls.items() if isinstance(c, W.ValueWidget)
                         and not isinstance(c, (W.Label, W.HTML, W.Play))]
        self._keep_ranges()
        self.on(redraw_on, self.redraw)

    def _keep_ranges(self):
        """A slider's range is the explorer's. The browser can send a new one (no page offers a way: only a crafted
        message can), and a slider moved to its end would then ask for anything (a Playground with 5000 neurons a
        layer, 1 GB in one message). So a range the browser changed is put back before any handler runs."""
        self._ranges = {}
        for control in self.controls.values():
            if control.has_trait("min") and control.has_trait("max"):
                self._ranges[control] = (control.min, control.max)
                control.observe(self._range_changed, names=["min", "max"])

    def _range_changed(self, change):
        control = change["owner"]
        if change["name"] not in control._property_lock:  # the explorer's own change
            self._ranges[control] = (control.min, control.max)
        else:  # from the browser: put back at once (and before any handler, in _one_at_a_time)
            self._undo_ranges_from_the_browser()

    def _undo_ranges_from_the_browser(self):
        for control, (low, high) in self._ranges.items():
            if (control.min, control.max) != (low, high):
                with control.hold_trait_notifications():  # the value is brought back within the range too
                    control.min, control.max = low, high

    def on(self, names, handler):
        """Call ``handler()`` whenever one of the controls ``names`` is used: a button clicked, a value changed.
        Events run one at a time: JupyterLab can deliver two at once on two threads (kernel subshells), and
        two redraws of one figure at the same moment give a blank picture (or mix two states)."""
        for name in [names] if isinstance(names, str) else names:
            control = self.controls[name]
            if isinstance(control, W.Button):
                control.on_click(lambda _: self._one_at_a_time(handler))
            else:
                control.observe(lambda _: self._one_at_a_time(handler), names="value")

    def _one_at_a_time(self, handler):
        with self._events:
            self._undo_ranges_from_the_browser()
            handler()

    def value(self, name):
        """The current value of the control ``name``."""
        return self.controls[name].value

    def on_step(self, name) -> bool:
        """Put slider ``name`` on its grid of steps; True if it had to move. A slider's readout also takes a typed
        number (0.05 on a slider of steps 0.1), which the explorer would compute with but write rounded ("0.1"):
        moved to the nearest step, what it writes is what it computed. Moving it redraws: a redraw that gets True
        stops there."""
        control = self.controls[name]
        k = round((control.value - control.min) / control.step)
        on_grid = round(control.min + k * control.step, 10) + 0.0  # + 0.0: never -0.0 ("z = -0.0")
        if on_grid == control.value:
            return False
        control.value = on_grid
        return True

    def say(self, text_html: str):
        """Show one line of text (HTML) above the picture."""
        self.message.value = text_html

    def show(self, fig):
        """Show a matplotlib figure as the picture, and keep it as ``.figure``."""
        self.figure = fig
        self.image.value = plots.png(fig)

    def text(self) -> str:
        """The message line as plain text (tags removed, entities decoded), as a learner reads it."""
        lines = re.sub(r"<br\s*/?>|</(div|p|li)>", "\n", self.message.value)  # where the screen starts a new line
        return html.unescape(re.sub(r"<[^>]+>", "", lines)).strip()

    def png(self) -> bytes:
        """The picture on display, as PNG bytes."""
        return bytes(self.image.value)

    def redraw(self):
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def dead_units(net, X, example, names) -> str:
    """A sentence on the ReLU hidden units of ``net`` that output 0 for every row of ``X`` (each unit's weighted sum
    is 0 or below for all of them): they get no gradient, so training cannot bring them back. "" when there are none.
    ``example`` names a row ("training bird"); ``names[k]`` class k, for the one answer a whole dead layer leaves."""
    a, dead, units = X, [], []
    for layer in net.layers:
        a = layer.forward(a)
        if isinstance(layer, ReLU):
            dead.append(int(np.all(a == 0, axis=0).sum()))
            units.append(a.shape[1])
    whole = [k for k, (d, n) in enumerate(zip(dead, units), start=1) if d == n]
    if whole:  # the layers after it see only 0s: the same output, the same answer, for every row
        answer = names[int(net.predict(X[:1])[0])]
        return (f"<b>Dead</b>: every unit of hidden layer {whole[0]} outputs 0 for every {example} (each unit's weighted "
                f"sum is 0 or below for all of them), so the network answers {answer} for every {example}.")
    if any(dead):
        n = sum(dead)
        unit_is, it_outputs, it_takes = ("is", "it outputs", "it takes") if n == 1 else ("are", "they output", "they take")
        return (f"<b>{n} of the {sum(units)} hidden units {unit_is} dead</b>: {it_outputs} 0 for every {example}, so "
                f"{it_takes} no part.")
    return ""


def vector(v, decimals=3):
    """Numbers in brackets: (0.984, -0.954)."""
    return "(" + ", ".join(f"{x:.{decimals}f}" for x in np.ravel(v)) + ")"


def signed(v):
    """A term of a sum written with its sign: 1.5 -> '+ 1.5', -0.5 -> '- 0.5'."""
    return f"{'-' if v < 0 else '+'} {abs(v):.1f}"
