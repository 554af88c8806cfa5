"""What lesson 11's penguin lab shows at one setting, checked against a forward pass written here with the weights of
the network it trained, on the birds of its own split: used by the lab's own tests and by the lesson's.

``READ`` (run where the lab is: the lesson's kernel, or this process through ``state_of``) gathers, as JSON, the
message, the title, the network's weights, its split, the surface and its colour bar. ``check`` then checks:
- the network is the one the controls ask for, and its number of parameters;
- the test accuracy (and how many test birds that is), the training accuracy, the number of training birds;
- dead hidden units (output 0 for every training bird): named when there are any, never otherwise; a whole dead layer
  named with the answer the network then gives every training bird;
- the surface is the network's prediction over the plane; shaded by a probability (Gentoo vs the rest), it has a
  colour bar from 0 to 1 that names it (CONTRIBUTING.md, "Colours").
"""
import numpy as np

from .reading import numbers_after, plain

READ = """
def penguin_state(lab):
    trained = lab.net is not None
    ax = lab.figure.axes[0]
    image = ax.images[0] if trained else None
    bar = image.colorbar if trained else None
    return dict(text=lab.message.value, trained=trained, title=ax.get_title(),
                controls={k: c.value for k, c in lab.controls.items()},
                sizes=lab.net.sizes if trained else None,
                W=[l.W for l in lab.net.dense_layers] if trained else None,
                b=[l.b for l in lab.net.dense_layers] if trained else None,
                X_train=lab.X_train if trained else None, X_test=lab.X_test if trained else None,
                y_train=lab.y_train if trained else None, y_test=lab.y_test if trained else None,
                image=image.get_array() if trained else None, extent=image.get_extent() if trained else None,
                clim=image.get_clim() if trained else None,
                bar=None if bar is None else dict(low=bar.norm.vmin, high=bar.norm.vmax, label=bar.ax.get_xlabel()
                                                  + bar.ax.get_ylabel(), in_figure=bar.ax in lab.figure.axes),
                classes=list(lab.class_names))
"""
_space = {}
exec(READ, _space)


def state_of(lab):
    """What ``READ`` gathers, from a lab in this process (arrays as they are)."""
    return _space["penguin_state"](lab)


def hidden_and_output(state, X):
    """The lab's network by hand: the output of each ReLU hidden layer, then the output (softmax or sigmoid)."""
    a, hidden = np.asarray(X, dtype=float), []
    W, b = [np.asarray(w, dtype=float) for w in state["W"]], [np.asarray(v, dtype=float) for v in state["b"]]
    for k in range(len(W)):
        a = a @ W[k] + b[k]
        if k < len(W) - 1:
            a = np.maximum(a, 0)
            hidden.append(a)
    if a.shape[1] == 1:
        return hidden, 1 / (1 + np.exp(-a[:, 0]))
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return hidden, e / e.sum(axis=1, keepdims=True)


def decide(output):
    return output.argmax(axis=1) if output.ndim == 2 else (output >= 0.5).astype(int)


def check(state):
    text = plain(state["text"])
    if not state["trained"]:
        assert "two different measurements" in text and state["controls"]["x"] == state["controls"]["y"], text
        return
    c = state["controls"]
    assert c["x"] != c["y"]
    # The network the controls ask for.
    outputs = 3 if c["task"] == "species" else 1
    assert state["sizes"] == [2] + [c["width"]] * c["depth"] + [outputs]
    n_parameters = sum(np.size(w) + np.size(v) for w, v in zip(state["W"], state["b"]))
    assert f"network {state['sizes']}, {n_parameters} parameters" in text, text
    n_train = len(state["y_train"])
    assert f"trained on {n_train} bird{'s' if n_train != 1 else ''}:" in text, text
    # Its accuracies, on its own birds.
    y_train, y_test = np.asarray(state["y_train"]), np.asarray(state["y_test"])
    hidden, train_output = hidden_and_output(state, state["X_train"])
    _, test_output = hidden_and_output(state, state["X_test"])
    right = int(np.sum(decide(test_output) == y_test))
    assert f"test accuracy {right / len(y_test):.3f} ({right} of {len(y_test)} test birds right)" in text, text
    assert abs(numbers_after(text, "training accuracy")[0] - np.mean(decide(train_output) == y_train)) <= 5.1e-4, text
    assert state["title"].endswith(f"test accuracy {right / len(y_test):.3f}"), state["title"]
    # Dead units: 0 for every training bird.
    dead = [np.all(h == 0, axis=0) for h in hidden]
    whole = [k for k, d in enumerate(dead, start=1) if d.all()]
    names = state["classes"] if c["task"] == "species" else ["the rest", "Gentoo"]
    if whole:
        answers = np.unique(decide(train_output))
        assert len(answers) == 1  # what the sentence then claims
        assert (f"Dead: every unit of hidden layer {whole[0]} outputs 0 for every training bird" in text
                and f"so the network answers {names[answers[0]]} for every training bird." in text), text
    elif any(d.any() for d in dead):
        n_dead, n_units = sum(int(d.sum()) for d in dead), sum(d.size for d in dead)
        said = "is dead: it outputs" if n_dead == 1 else "are dead: they output"
        assert f"{n_dead} of the {n_units} hidden units {said} 0 for every training bird" in text, text
    else:
        assert "dead" not in text.lower(), text
    # The surface: the prediction over the plane; a probability has its 0..1 colour bar.
    image = np.asarray(state["image"], dtype=float)
    x1_low, x1_high, x2_low, x2_high = state["extent"]
    n = image.shape[0]
    g1, g2 = np.meshgrid(np.linspace(x1_low, x1_high, n), np.linspace(x2_low, x2_high, n))
    _, output = hidden_and_output(state, np.column_stack([g1.ravel(), g2.ravel()]))
    if c["task"] == "species":
        assert np.array_equal(image.ravel(), output.argmax(axis=1)), "the surface is not the predicted species"
        assert state["bar"] is None  # a species per colour, named by the legend
    else:
        assert np.allclose(image.ravel(), output, atol=1e-9)
        bar = state["bar"]
        assert bar is not None and bar["in_figure"] and "probability of Gentoo" in bar["label"], bar
        assert (bar["low"], bar["high"]) == (0, 1) and tuple(state["clim"]) == (0, 1)
