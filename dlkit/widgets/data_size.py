"""Learning curves, compared at one training-set size: who leads with little data, who with a lot?"""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import plots
from .explorer import Explorer


def printed(value) -> float:
    """A score or spread as the text prints it: to 3 decimals."""
    return float(f"{value:.3f}")


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
        if len(curves) > len(plots.MODEL_STYLES):
            raise ValueError(f"curves has {len(curves)} models, but the explorer can draw at most "
                             f"{len(plots.MODEL_STYLES)} so that each looks different")
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
        models at the top (the larger of their two spreads): a smaller lead could be the luck of the folds.
        It reads the numbers as the text prints them (3 decimals), so its lead is the difference a learner
        computes from the screen (0.638 - 0.595 = 0.043, not 0.042 from the unrounded scores)."""
        if len(ranking) < 2:
            return f"Only one model: <b>{ranking[0]}</b>."
        first, second = ranking[:2]
        lead = round(printed(scores[first]) - printed(scores[second]), 3)
        noise = max((printed(self.spread[name][k]) for name in (first, second) if name in self.spread), default=None)
        if lead == 0:  # "0.000 ahead" would name a leader of a tie
            return f"<b>Level</b>: {first} and {second} both score {scores[first]:.3f} (to 3 decimals)."
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
        k = self.sizes.index(size)
        listed = ", ".join(f"<span style='white-space:nowrap'>{name} {scores[name]:.3f}"  # one model per piece
                           + (f" ± {self.spread[name][k]:.3f}" if name in self.spread else "") + "</span>"
                           for name in ranking)
        spread = " (± the spread over the folds)" if self.spread else ""
        self.say(f"{self.score} with <b>{size}</b> training images{spread}: {listed}.<br>" + self.verdict(ranking, scores, k))

        fig = plots.Figure(figsize=(11, 3.4), dpi=80, layout="constrained")
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
        # Greys with a marker and a line style each: the class colours mean classes, not models.
        styles = dict(zip(self.curves, plots.MODEL_STYLES))
        for name, values in self.curves.items():
            left.errorbar(self.sizes, values, yerr=self.spread.get(name), markersize=4, capsize=2, label=name,
                          **styles[name])
        ends = [(v - self.spread.get(name, 0), v + self.spread.get(name, 0)) for name, v in self.curves.items()]
        low, high = min(float(a.min()) for a, _ in ends), max(float(b.max()) for _, b in ends)
        left.set(xscale="log", xlabel="training images (log scale)", ylabel=self.score,
                 ylim=(max(0.0, low - 0.05) if low >= 0 else low - 0.01, max(1.0, high) + 0.01))
        left.set_xticks(self.sizes, [str(n) for n in self.sizes])
        left.minorticks_off()
        left.grid(alpha=0.3)
        left.axvline(size, color=plots.YOU_ARE_HERE["markeredgecolor"], linewidth=1, label="_chosen size")
        left.legend(fontsize=8, loc="lower right")
        left.set_title("learning curves (bars: spread over the folds)" if self.spread else "learning curves",
                       fontsize=10)
        names = list(self.curves)
        values = [scores[name] for name in names]
        greys = [float(styles[name]["color"]) for name in names]
        right.barh(names, values, color=[styles[name]["color"] for name in names])
        for row, (value, grey) in enumerate(zip(values, greys)):
            inside = value > 0.15  # the number inside its bar, or after a bar too short to hold it
            right.text(value - 0.01 if inside else value + 0.01, row, f"{value:.3f}", va="center",
                       ha="right" if inside else "left", fontsize=9,
                       color="white" if inside and grey < 0.5 else "black")
        # Bars start at 0: a bar's length is its score (an axis starting higher would stretch small differences).
        right.set(xlim=(0.0, max(1.0, max(values))), xlabel=self.score)
        right.set_title(f"{self.score} with {size} training images", fontsize=10)
        right.invert_yaxis()
        self.show(fig)
