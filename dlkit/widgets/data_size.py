"""Learning curves, compared at one training-set size: who leads with little data, who with a lot?"""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import plots
from .explorer import Explorer


class DataSizeExplorer(Explorer):
    """Learning curves of several models (a score against the number of training examples), with a bar
    chart of every model's score at the size chosen on the slider.

    ``sizes``: the training-set sizes, (S,); ``curves``: {model name: its mean score at each size, (S,)};
    ``spread`` (optional): {model name: the spread of that score, e.g. its std over folds, (S,)}, drawn as
    error bars. The curves are measured by the lesson; the explorer copies them when it is made (later cells
    cannot change what it shows) and only draws them: the slider answers at once. It names a leader only when
    the lead is larger than the spread (``verdict``); otherwise it says the two are too close to call.
    """

    picture_width = "880px"  # the figure's own size: fits beside the file browser at 1366 px

    def __init__(self, sizes, curves, spread=None, size=None, score="test accuracy"):
        self.sizes = [int(n) for n in np.ravel(sizes)]
        if len(self.sizes) < 2 or any(b <= a for a, b in zip(self.sizes, self.sizes[1:])):
            raise ValueError(f"sizes should be at least two training-set sizes, smallest first, but got {self.sizes}")
        if not isinstance(curves, dict) or not curves:
            raise TypeError("curves should be a dictionary {model name: one score per size}, "
                            f"but got {type(curves).__name__}")
        self.curves = {name: self._per_size(values, f"curves[{name!r}]") for name, values in curves.items()}
        spread = {} if spread is None else spread
        self.spread = {name: self._per_size(spread[name], f"spread[{name!r}]")
                       for name in self.curves if name in spread}
        self.score = score
        size = self.sizes[0] if size is None else size
        if size not in self.sizes:
            raise ValueError(f"size={size!r} is not one of the measured sizes {self.sizes}")
        self.controls = {"size": W.SelectionSlider(options=self.sizes, value=size, description="training images",
                                                   style={"description_width": "110px"},
                                                   layout=W.Layout(width="440px"), continuous_update=True)}
        self.layout([["size"]])
        self.redraw()

    def _per_size(self, values, what) -> np.ndarray:
        values = np.array(values, dtype=float)  # a copy, not a view of the lesson's array
        if values.shape != (len(self.sizes),):
            raise ValueError(f"{what} should hold one number per size ({len(self.sizes)}: {self.sizes}), "
                             f"but has shape {values.shape}")
        return values

    def at(self, size) -> dict:
        """Every model's score at one of the sizes: {name: score}."""
        k = self.sizes.index(size)
        return {name: float(scores[k]) for name, scores in self.curves.items()}

    def verdict(self, ranking, scores, k) -> str:
        """Who leads at size index k, named only when the lead is larger than the spread over the folds of the two
        models at the top (the larger of their two spreads): a smaller lead could be the luck of the folds."""
        if len(ranking) < 2:
            return f"Only one model: <b>{ranking[0]}</b>."
        first, second = ranking[:2]
        lead = scores[first] - scores[second]
        noise = max((self.spread[name][k] for name in (first, second) if name in self.spread), default=None)
        if noise is None:
            return f"Leader: <b>{first}</b>, {lead:.3f} ahead of {second}."
        if lead > noise:
            return (f"Leader: <b>{first}</b>, {lead:.3f} ahead of {second}, more than the spread over the folds "
                    f"({noise:.3f}).")
        return (f"<b>Too close to call</b>: {first} is {lead:.3f} ahead of {second}, not more than the spread over "
                f"the folds ({noise:.3f}).")

    def redraw(self):
        size = self.value("size")
        scores = self.at(size)
        ranking = sorted(scores, key=scores.get, reverse=True)
        lead = scores[ranking[0]] - scores[ranking[1]] if len(ranking) > 1 else 0.0
        k = self.sizes.index(size)
        listed = ", ".join(f"<span style='white-space:nowrap'>{name} {scores[name]:.3f}"  # one model per piece
                           + (f" ± {self.spread[name][k]:.3f}" if name in self.spread else "") + "</span>"
                           for name in ranking)
        spread = " (± the spread over the folds)" if self.spread else ""
        self.say(f"{self.score} with <b>{size}</b> training images{spread}: {listed}.<br>" + self.verdict(ranking, scores, k))

        fig = plots.Figure(figsize=(11, 3.4), dpi=80, layout="constrained")
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
        colours = dict(zip(self.curves, plots.CLASS_COLOURS))
        for name, values in self.curves.items():
            left.errorbar(self.sizes, values, yerr=self.spread.get(name), marker="o", markersize=3.5, capsize=2,
                          label=name, color=colours[name])
        low = min(float(v.min()) for v in self.curves.values())
        left.set(xscale="log", xlabel="training images (log scale)", ylabel=self.score,
                 ylim=(max(0.0, low - 0.08), 1.0))
        left.set_xticks(self.sizes, [str(n) for n in self.sizes])
        left.minorticks_off()
        left.grid(alpha=0.3)
        left.axvline(size, color="0.3", linewidth=1, linestyle="--")
        left.legend(fontsize=8, loc="lower right")
        left.set_title("learning curves (bars: spread over the folds)" if self.spread else "learning curves",
                       fontsize=10)
        names = list(self.curves)
        values = [scores[name] for name in names]
        right.barh(names, values, color=[colours[name] for name in names])
        for row, value in enumerate(values):
            right.text(value - 0.01, row, f"{value:.3f}", va="center", ha="right", color="white", fontsize=9)
        right.set(xlim=(max(0.0, low - 0.08), 1.0), xlabel=self.score)
        right.set_title(f"{self.score} with {size} training images", fontsize=10)
        right.invert_yaxis()
        self.show(fig)
