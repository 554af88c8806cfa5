"""Lesson 11's penguin lab, after the whole lesson has run: for several settings of its controls, every number it
writes and every colour of its decision surface, checked against a numpy forward pass with the weights of the
network it trained, on the birds of its own split.

The lab is given the table of birds and trains by itself. These tests also check that its split is a split of
the lesson's birds (each bird used once), that the scale came from the training birds only, that its default
network is the one the lesson's table reports, and that later changes to the table do not reach it.
"""
import re
from collections import Counter

import nbformat
import numpy as np
import pytest

from . import penguin_checks
from .lesson_kernel import NOTEBOOKS, Lesson
from .reading import numbers_after, plain

SETTINGS = [  # (what to set, in order; each change trains a new network)
    {},
    {"task": "gentoo", "x": "flipper_length_mm", "depth": 0},
    {"task": "species", "y": "body_mass_g", "depth": 2, "width": 4},
    {"x": "body_mass_g"},   # the same measurement on both axes
]
STATE = ("dict(text=lab.message.value, trained=lab.net is not None, "
         "sizes=lab.net.sizes if lab.net else None, "
         "W=[l.W for l in lab.net.dense_layers] if lab.net else None, "
         "b=[l.b for l in lab.net.dense_layers] if lab.net else None, "
         "X_train=getattr(lab, 'X_train', None), X_test=getattr(lab, 'X_test', None), "
         "y_train=getattr(lab, 'y_train', None), y_test=getattr(lab, 'y_test', None), "
         "mean=lab.scaler.mean, std=lab.scaler.std, "
         "controls={k: c.value for k, c in lab.controls.items()}, "
         "image=lab.figure.axes[0].images[0].get_array() if lab.net else None, "
         "extent=lab.figure.axes[0].images[0].get_extent() if lab.net else None, "
         "points=[c.get_offsets() for c in lab.figure.axes[0].collections], "
         "colours=[c.get_facecolors()[:, :3] for c in lab.figure.axes[0].collections], "
         "legend=legend_of(lab.figure.axes[0]), "
         "title=lab.figure.axes[0].get_title())")


# Kernel-side: {legend text: RGB of its marker}, and the grid of decision surfaces the lesson drew above the lab.
LEGEND_OF = """
from matplotlib.colors import to_rgb
def legend_of(ax):
    legend = ax.get_legend()
    return None if legend is None else {t.get_text(): to_rgb(h.get_markerfacecolor())
                                        for t, h in zip(legend.get_texts(), legend.legend_handles)}
"""
GRID = ("[dict(task=task, legends=[legend_of(ax) for ax in row], "
        "dots=[[ax.collections[-1].get_facecolors()[:, :3], run.y_train] for ax, run in zip(row, runs)], "
        "labels=[[ax.get_xlabel(), ax.get_ylabel()] for ax in row], clims=[ax.images[0].get_clim() for ax in row], "
        "bars=[[im.colorbar.ax.get_xlabel() + im.colorbar.ax.get_ylabel(), im.colorbar.norm.vmin, "
        "       im.colorbar.norm.vmax] for ax in row for im in ax.images if im.colorbar is not None]) "
        "for row, ((task, _), runs) in zip(axes, results.items())]")
# The runs with raw and standardised inputs: each trained run's test accuracy per epoch, and the lines drawn of them.
RUNS = ("dict(curves={name: h.val_accuracy for name, h in runs.items() if not h.diverged}, "
        "lines=[dict(label=l.get_label(), colour=to_rgb(l.get_color()), style=l.get_linestyle(), "
        "            marker=l.get_marker()) for l in fig.axes[0].get_lines()])")


@pytest.fixture(scope="module")
def lesson():
    with Lesson("11_penguins") as lesson:
        lesson.run_until('ax.set_ylabel("test accuracy")')
        lesson.run(LEGEND_OF)
        scales = lesson.get(RUNS)
        lesson.widget("widgets.PenguinLab(", "lab")
        grid = lesson.get(GRID)
        grid.append(lesson.get("{n: to_rgb(plots.SPECIES_COLOURS[n]) for n in penguins.class_names}"))  # the palette
        table = lesson.get("dict(X=penguins.X, y=penguins.y, features=list(penguins.feature_names), "
                           "classes=list(penguins.class_names))")
        lesson.run_rest()
        reported = lesson.get("{f'{task} {features}': [run.accuracy for run in runs] "
                              "for (task, features), runs in results.items()}")
        lesson.run("penguins.X[:] = 0")   # a later change to the table must not reach the lab's copy
        states = []
        for settings in SETTINGS:
            for name, value in settings.items():
                lesson.run(f"lab.controls[{name!r}].value = {value!r}")
            states.append(lesson.get(STATE))
        # The lab's property test (tests/test_widgets_penguins.py) at the settings the lesson sends learners to, with
        # the full 100 epochs: every width at one hidden layer (width 1 has a dead unit), then every depth.
        lesson.run(penguin_checks.READ)
        swept = []
        for name, value in [("x", "bill_length_mm"), ("y", "bill_depth_mm"), ("task", "species"), ("depth", 1)] + [
                ("width", w) for w in (1, 2, 3, 4, 8, 16, 32)] + [("depth", d) for d in (0, 2, 3)]:
            lesson.run(f"lab.controls[{name!r}].value = {value!r}")
            swept.append(lesson.get("penguin_state(lab)"))
        yield table, reported, states, grid, swept, scales


def forward(state, X):
    """The lab's network by hand: ReLU hidden layers, then softmax (class) or sigmoid (probability)."""
    a = np.asarray(X, dtype=float)
    W, b = [np.array(w) for w in state["W"]], [np.array(v) for v in state["b"]]
    for k in range(len(W)):
        a = a @ W[k] + b[k]
        if k < len(W) - 1:
            a = np.maximum(a, 0)
    if a.shape[1] == 1:
        return 1 / (1 + np.exp(-a[:, 0]))
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def decide(output):
    return output.argmax(axis=1) if output.ndim == 2 else (output >= 0.5).astype(int)


def trained(lesson):
    return [s for s in lesson[2] if s["trained"]]


def test_the_text_gives_the_accuracy_of_its_network_on_its_test_birds(lesson):
    for state in trained(lesson):
        text = plain(state["text"])
        X_test, y_test = np.array(state["X_test"]), np.array(state["y_test"])
        right = int(np.sum(decide(forward(state, X_test)) == y_test))
        assert numbers_after(text, "test accuracy")[0] == pytest.approx(right / len(y_test), abs=6e-4), text
        assert f"({right} of {len(y_test)} test birds right)" in text
        train_right = np.mean(decide(forward(state, state["X_train"])) == np.array(state["y_train"]))
        assert numbers_after(text, "training accuracy")[0] == pytest.approx(train_right, abs=6e-4), text
        assert f"test accuracy {right / len(y_test):.3f}" in state["title"]


def test_the_network_is_the_one_the_controls_ask_for(lesson):
    for state in trained(lesson):
        c = state["controls"]
        outputs = 3 if c["task"] == "species" else 1
        assert state["sizes"] == [2] + [c["width"]] * c["depth"] + [outputs]
        n_parameters = sum(np.size(w) + np.size(v) for w, v in zip(state["W"], state["b"]))
        assert f"{n_parameters} parameters" in plain(state["text"])


def test_the_picture_shows_the_networks_prediction_over_the_plane(lesson):
    for state in trained(lesson):
        image = np.array(state["image"], dtype=float)
        x1_low, x1_high, x2_low, x2_high = state["extent"]
        n = image.shape[0]
        g1, g2 = np.meshgrid(np.linspace(x1_low, x1_high, n), np.linspace(x2_low, x2_high, n))
        output = forward(state, np.column_stack([g1.ravel(), g2.ravel()]))
        expected = output.argmax(axis=1) if output.ndim == 2 else output
        assert image.ravel() == pytest.approx(expected, abs=1e-9)
        # Filled dots are its training birds, hollow ones its test birds.
        assert np.array(state["points"][1]) == pytest.approx(np.array(state["X_train"]))  # drawn last: on top
        assert np.array(state["points"][0]) == pytest.approx(np.array(state["X_test"]))


def test_its_split_uses_every_bird_once_and_scales_by_the_training_birds(lesson):
    table = lesson[0]
    X, species = np.array(table["X"]), np.array(table["y"])
    for state in trained(lesson):
        c = state["controls"]
        mean, std = np.array(state["mean"]), np.array(state["std"])
        X_train, X_test = np.array(state["X_train"]), np.array(state["X_test"])
        # Standardised with the training birds' own mean and std: they come out at mean 0, std 1.
        assert X_train.mean(axis=0) == pytest.approx([0, 0], abs=1e-9)
        assert X_train.std(axis=0) == pytest.approx([1, 1], abs=1e-9)
        # Back in mm and g, training and test birds together are exactly the table's birds.
        columns = [table["features"].index(c["x"]), table["features"].index(c["y"])]
        back = np.round(np.concatenate([X_train, X_test]) * std + mean, 6)
        assert Counter(map(tuple, back)) == Counter(map(tuple, np.round(X[:, columns], 6)))
        labels = species if c["task"] == "species" else (species == table["classes"].index("Gentoo")).astype(int)
        y_all = np.concatenate([state["y_train"], state["y_test"]])
        assert Counter(y_all.tolist()) == Counter(labels.tolist())
        # 30% of each class held out for testing (stratified), so both sides keep the class shares.
        held_out = {k: round(0.3 * n) for k, n in Counter(labels.tolist()).items()}
        assert Counter(np.array(state["y_test"]).tolist()) == held_out


def test_the_default_network_is_the_one_the_lessons_table_reports(lesson):
    _, reported, states, _, _, _ = lesson
    default, gentoo = states[0], states[1]
    accuracy = numbers_after(plain(default["text"]), "test accuracy")[0]
    assert accuracy == pytest.approx(reported["species ('bill_length_mm', 'bill_depth_mm')"][1], abs=6e-4)
    assert numbers_after(plain(gentoo["text"]), "test accuracy")[0] == pytest.approx(
        reported["gentoo ('flipper_length_mm', 'bill_depth_mm')"][0], abs=6e-4)


def test_the_lab_trains_on_its_own_copy_of_the_table(lesson):
    # The kernel's penguins.X was zeroed before the controls moved: the lab still sees real birds.
    for state in trained(lesson):
        assert np.ptp(np.array(state["X_train"]) * np.array(state["std"]) + np.array(state["mean"])) > 1


def test_the_same_measurement_twice_is_refused_in_plain_words(lesson):
    state = lesson[2][-1]
    assert not state["trained"]
    assert "two different measurements" in plain(state["text"])


def colour_of_each_species(lesson):
    """{species: RGB}, read off the grid's all-species rows (dots and legends must agree there, row by row)."""
    table, grid = lesson[0], lesson[3]
    colours = {}
    for row in grid[:-1]:
        if row["task"] != "species":
            continue
        legend = {name: tuple(rgb) for panel in row["legends"] if panel for name, rgb in panel.items()}
        for dots, labels in row["dots"]:
            for rgb, label in zip(dots, labels):
                name = table["classes"][label]
                assert tuple(rgb) == pytest.approx(legend[name]), name  # each dot has its species' legend colour
                assert tuple(rgb) == pytest.approx(colours.setdefault(name, tuple(rgb))), name
    assert set(colours) == set(grid[-1])  # the course's palette (plots.SPECIES_COLOURS), species by species
    assert all(np.allclose(colours[name], grid[-1][name]) for name in colours), (colours, grid[-1])
    return colours


def test_every_row_of_the_grid_has_a_legend_and_each_species_one_colour(lesson):
    """Lesson 11's grid: each row names its colours in a legend, and Gentoo is one colour in every row (the row
    "Gentoo vs the rest" too), the rest a colour no species has."""
    grid = lesson[3][:-1]
    species = colour_of_each_species(lesson)
    assert len(set(species.values())) == 3
    for row in grid:
        assert any(row["legends"]), row["task"]
        if row["task"] == "gentoo":
            legend = {name: tuple(rgb) for panel in row["legends"] if panel for name, rgb in panel.items()}
            assert set(legend) >= {"Gentoo", "the rest"}
            assert legend["Gentoo"] == pytest.approx(species["Gentoo"])
            assert legend["the rest"] not in species.values()
            for dots, labels in row["dots"]:
                for rgb, label in zip(dots, labels):
                    assert tuple(rgb) == pytest.approx(legend["Gentoo" if label == 1 else "the rest"])


def test_the_lab_colours_each_species_as_the_lesson_does(lesson):
    table = lesson[0]
    species = colour_of_each_species(lesson)
    for state in trained(lesson):
        task = state["controls"]["task"]
        names = table["classes"] if task == "species" else ["the rest", "Gentoo"]
        test, training = state["colours"]
        for dots, labels in ((training, state["y_train"]), (test, state["y_test"])):
            for rgb, label in zip(dots, labels):
                name = names[label]
                assert tuple(rgb) == pytest.approx(state["legend"][name])
                if name in species:
                    assert tuple(rgb) == pytest.approx(species[name])


def test_every_width_and_depth_the_lesson_suggests_says_what_its_network_does(lesson):
    swept = lesson[4]
    for state in swept:
        penguin_checks.check(state)
    width_1 = swept[4]
    assert width_1["sizes"] == [2, 1, 3] and "answers Adelie for every training bird" in plain(width_1["text"])


def test_the_grid_says_what_its_shades_mean_and_that_the_axes_are_standardised(lesson):
    """The top row is shaded by the probability of Gentoo (0..1): a colour bar says so, as the lab's does. Every panel
    shows standardised measurements, and its axis labels say so, as the lab's do."""
    grid = lesson[3][:-1]
    for row in grid:
        for x_label, y_label in row["labels"]:
            assert x_label.endswith("(standardised)") and y_label.endswith("(standardised)"), (x_label, y_label)
        if row["task"] == "gentoo":
            assert all(tuple(clim) == (0, 1) for clim in row["clims"])
            assert row["bars"] == [["probability of Gentoo", 0, 1]], row["bars"]


def test_the_runs_on_raw_and_standardised_inputs_are_drawn_in_greys_not_in_species_colours(lesson):
    """Runs compared side by side take plots.MODEL_STYLES (greys, each with its marker and line style): a species'
    colour there would say "Gentoo" (the default third colour is exactly Gentoo's green)."""
    scales, species = lesson[5], lesson[3][-1]
    lines = [line for line in scales["lines"] if line["label"] in scales["curves"]]
    assert [line["label"] for line in lines] == list(scales["curves"])
    for line in lines:
        assert np.ptp(line["colour"]) == pytest.approx(0), line   # a grey
        assert all(not np.allclose(line["colour"], rgb) for rgb in species.values()), line
    assert len({(line["style"], line["marker"]) for line in lines}) == len(lines)   # each run looks different


def markdown():
    return [c.source for c in nbformat.read(NOTEBOOKS / "11_penguins.ipynb", as_version=4).cells
            if c.cell_type == "markdown"]


def percent(value):
    return round(100 * value)


def test_what_the_text_says_of_the_standardised_run_is_what_its_curve_did(lesson):
    """"passes 90% in 5 epochs", "reaches 98% in epoch 48": each claim is read from the text (the list below the runs'
    plot and the recap) and checked against the run's test accuracy per epoch. A recap once said "98% in a few
    epochs" of a run that reached it in epoch 48."""
    curve = np.array(lesson[5]["curves"]["standardised, lr=0.1"])
    first = {p: int(np.argmax(np.round(100 * curve) >= p)) + 1 for p in range(101) if np.any(np.round(100 * curve) >= p)}
    cells = markdown()
    places = [next(c for c in cells if "Same network, same data, same training" in c),
              next(c for c in cells if c.startswith("## Recap"))]
    for cell in places:
        line = next(" ".join(part.split()) for part in re.split(r"\n- ", cell) if "tandardised" in part and "epoch" in part)
        passes = re.findall(r"pass(?:es|ed) (\d+)% in (\d+) epochs", line)
        reaches = re.findall(r"reach(?:es|ed) (\d+)% in epoch (\d+)", line)
        assert passes and reaches, line
        for p, epochs in passes + reaches:
            assert first[int(p)] == int(epochs), (line, p, first[int(p)])
        assert f"{percent(curve[-1])}%" in line


def test_what_the_text_says_of_the_smallest_learning_rate_is_what_its_curve_did(lesson):
    """The raw run with lr=0.0001 does not crawl upwards: it is at its best by epoch 7 and then only jumps up and
    down. The text's numbers for it are checked against its test accuracy per epoch."""
    curve = np.array(lesson[5]["curves"]["raw, lr=0.0001"])
    line = next(" ".join(part.split()) for part in re.split(r"\n- ", "\n".join(markdown()))
                if part.startswith("With `lr=0.0001`"))
    assert "stalls" in line and "crawl" not in line, line
    p, epoch = map(int, re.search(r"right (\d+)% of the time by epoch (\d+)", line).groups())
    after = curve[epoch:]
    assert percent(curve[epoch - 1]) == p
    assert int(re.search(r"never gets past (\d+)%", line).group(1)) == percent(after.max()) <= p + 1
    assert int(re.search(r"as low as (\d+)%", line).group(1)) == percent(after.min())
    assert int(re.search(r"ends at (\d+)%", line).group(1)) == percent(curve[-1])
    assert f"remaining {len(after)} epochs" in line
