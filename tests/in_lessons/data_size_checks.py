"""What lesson 12's learning-curve explorer shows at one size, checked against the curves it was given: used by the
explorer's own tests and by the lesson's (``DRAWN`` runs in the lesson's kernel and reads the figure there).

The text: every model's score (and spread) at the chosen size, best first, and a verdict read from those numbers as
printed (3 decimals, so that the lead is the difference a learner computes from them): "Level" when the top two
print the same, "Leader" when the lead is larger than the larger spread of the two (or there is no spread), "Too
close to call" otherwise. The picture: one curve per model with its error bars, each model in a style
of its own that is no class's colour (CONTRIBUTING.md, "Colours"), named in a legend; bars from 0 that are the
scores at the chosen size, each with its number.
"""
import numpy as np
from matplotlib.colors import to_rgb

from dlkit import plots

from .reading import numbers_after, plain

# Kernel-side (and here, through ``drawn``): what the figure draws, as JSON.
DRAWN = """
from matplotlib.colors import to_rgb as _to_rgb
def drawn_of(fig):
    curves, bars = fig.axes
    return dict(
        lines=[dict(label=c.get_label(), x=c.lines[0].get_xdata(), y=c.lines[0].get_ydata(),
                    colour=_to_rgb(c.lines[0].get_color()), marker=c.lines[0].get_marker(),
                    style=c.lines[0].get_linestyle(),
                    errorbars=[s.tolist() for s in c.lines[2][0].get_segments()] if c.lines[2] else [])
               for c in curves.containers],
        legend=[t.get_text() for t in curves.get_legend().get_texts()] if curves.get_legend() else [],
        chosen=[[l.get_xdata(), _to_rgb(l.get_color())] for l in curves.lines if l.get_label() == '_chosen size'],
        ylim=curves.get_ylim(),
        names=[t.get_text() for t in bars.get_yticklabels()],
        widths=[p.get_width() for p in bars.patches], starts=[p.get_x() for p in bars.patches],
        bar_colours=[_to_rgb(p.get_facecolor()) for p in bars.patches],
        bar_texts=[[t.get_text(), t.get_position()[0]] for t in bars.texts],
        xlim=bars.get_xlim(), title=bars.get_title())
"""
_space = {}
exec(DRAWN, _space)


def drawn(explorer):
    """The facts ``DRAWN`` reads, from an explorer in this process."""
    return _space["drawn_of"](explorer.figure)


# Colours that mean something else in the course: a class, a species, "the rest", "you are here", the minimum.
MEANINGFUL = [*plots.CLASS_COLOURS, *plots.SPECIES_COLOURS.values(), plots.OTHERS, plots.YOU_ARE_HERE["markeredgecolor"],
              plots.MINIMUM["color"]]


def as_printed(value):
    """A score or spread as the explorer prints it, to 3 decimals."""
    return float(f"{value:.3f}")


def printed_lead(first, second):
    """The lead of one score over another, from the two as printed: 0.638 - 0.595 = 0.043."""
    return round(as_printed(first) - as_printed(second), 3)


def check(text_html, facts, sizes, curves, spread, size):
    """Every claim of the message and every number of the picture at ``size``, from the curves given."""
    text, k = plain(text_html), list(sizes).index(size)
    scores = {name: float(values[k]) for name, values in curves.items()}
    ranking = sorted(scores, key=lambda name: -scores[name])  # ties keep the models' order
    # The list: best first, each with its score and spread.
    assert f"with {size} training images" in text, text
    positions = [text.index(f"{name} {scores[name]:.3f}") for name in ranking]
    assert positions == sorted(positions), (ranking, text)
    for name in ranking:
        if spread:
            assert abs(numbers_after(text, f"{name} {scores[name]:.3f} ±")[0] - spread[name][k]) <= 0.00051, text
    # The verdict.
    if len(ranking) == 1:
        assert f"Only one model: {ranking[0]}" in text, text
    else:
        first, second = ranking[:2]
        lead = printed_lead(scores[first], scores[second])
        noise = max(as_printed(spread[first][k]), as_printed(spread[second][k])) if spread else None
        verdicts = {"Level": lead == 0, "Leader": lead > 0 and (noise is None or lead > noise),
                    "Too close to call": lead > 0 and noise is not None and lead <= noise}
        for words, true in verdicts.items():
            assert (words in text) == true, (words, lead, noise, text)
        if "Level" in text:
            assert f"{first} and {second} both score {scores[first]:.3f}" in text, text
        elif "Leader" in text:
            assert f"Leader: {first}, {lead:.3f} ahead of {second}" in text, text
            if noise is not None:
                assert f"more than the spread over the folds ({noise:.3f})" in text, text
        else:
            assert f"{first} is {lead:.3f} ahead of {second}, not more than the spread" in text, text
            assert f"({noise:.3f})" in text, text
    # The curves: every model's measurements with their error bars, all inside the axes, named in the legend.
    lines = facts["lines"]
    assert [line["label"] for line in lines] == list(curves) == facts["legend"]
    low, high = facts["ylim"]
    for line in lines:
        values = np.asarray(curves[line["label"]], dtype=float)
        assert np.allclose(line["x"], sizes) and np.allclose(line["y"], values)
        bars = np.asarray(spread[line["label"]], dtype=float) if spread else np.zeros_like(values)
        if spread:
            ends = np.array([(s[0][1], s[1][1]) for s in line["errorbars"]])
            assert np.allclose(ends, np.column_stack([values - bars, values + bars]))
        assert low <= (values - bars).min() and (values + bars).max() <= high, (low, high)
    # Each model its own style, and none in a colour that means something else.
    assert len({(tuple(line["colour"]), line["marker"], line["style"]) for line in lines}) == len(lines)
    for line in lines:
        for colour in MEANINGFUL:
            assert np.abs(np.subtract(line["colour"], to_rgb(colour))).max() > 0.1, (line["label"], colour)
    assert len(facts["chosen"]) == 1 and np.allclose(facts["chosen"][0][0], [size, size])
    # The bars: from 0, as long as the scores, each in its model's colour and with its number, all in view.
    assert facts["names"] == list(curves) and facts["title"].endswith(f"with {size} training images")
    assert np.allclose(facts["widths"], [scores[name] for name in curves]) and np.allclose(facts["starts"], 0)
    assert facts["xlim"][0] == 0 and facts["xlim"][1] >= max(scores.values())
    colour_of = {line["label"]: line["colour"] for line in lines}
    assert np.allclose(facts["bar_colours"], [colour_of[name] for name in curves])
    assert [t for t, _ in facts["bar_texts"]] == [f"{scores[name]:.3f}" for name in curves]
    assert all(facts["xlim"][0] <= x <= facts["xlim"][1] for _, x in facts["bar_texts"])
