"""Exercises for lesson 11 · Birds by their measurements."""
from __future__ import annotations

import functools

import numpy as np

from .checking import Hint, exercise

FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
NEW_FLIPPERS = np.array([181.0, 195.0, 210.0, 230.0])   # four new birds, in mm


@functools.lru_cache(maxsize=None)
def split(features=FEATURES, task="species", seed=0):
    """The lesson's split: 30% of the birds held out for testing, the species' shares kept on both sides.
    task "species": y is 0 Adelie, 1 Chinstrap, 2 Gentoo; task "gentoo": y is 1 for Gentoo, 0 for the rest."""
    import dlkit
    data = dlkit.datasets.load_penguins(list(features))
    y = data.y if task == "species" else (data.y == 2).astype(np.int64)
    return dlkit.datasets.train_test_split(data.X, y, test_ratio=0.3, seed=seed, stratify=True)


def training_mean_std(feature):
    """The mean and std of one feature over the lesson's training split."""
    X_train = split()[0]
    column = X_train[:, FEATURES.index(feature)]
    return column.mean(), column.std()


# -- 1. Standardise by hand --------------------------------------------------------------------------

@exercise
def check_standardise(answer):
    """NEW_FLIPPERS standardised with the training split's flipper mean and std."""
    x = NEW_FLIPPERS
    mean, std = training_mean_std("flipper_length_mm")
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Hint(f"the answer should be an array of 4 numbers, but got {type(answer).__name__}") from None
    if a.shape != x.shape:
        raise Hint(f"standardise each of the 4 new flipper lengths: the answer should have shape {x.shape}, "
                   f"but yours has shape {a.shape}")

    def near(b):
        return np.allclose(a, b, atol=0.01, rtol=0)

    if near((x - mean) / std):
        z = (x - mean) / std
        return (f"{np.round(z, 2).tolist()}: the 181 mm bird is {-z[0]:.1f} standard deviations below the training "
                f"birds' average, the 230 mm bird {z[-1]:.1f} above. These are the numbers the network sees.")
    if near((x - x.mean()) / x.std()):
        raise Hint("you used the four new birds' own mean and std. Every bird must be measured on the same scale "
                   "as the training birds: use the training split's mean and std (scaler.mean[2], scaler.std[2]).")
    if near(x - mean):
        raise Hint("you subtracted the mean (good), but did not divide by the std: the results are still in mm.")
    if near(x / std - mean) or near(x - mean / std):
        raise Hint("mind the brackets: first subtract the mean from every value, then divide by the std: "
                   "(x - mean) / std.")
    if near(x / std):
        raise Hint("you divided by the std but forgot to subtract the mean first: (x - mean) / std.")
    if near((mean - x) / std):
        raise Hint("the sign is flipped: a flipper longer than average should get a positive number, (x - mean) / std.")
    if near((x - mean) / std ** 2):
        raise Hint("you divided by the variance (std squared); divide by the standard deviation itself.")
    if near((x - mean) * std):
        raise Hint("multiply and divide swapped: standardising divides by the std, (x - mean) / std.")
    raise Hint("standardise with the training split's numbers: (x - mean) / std, where mean and std are "
               "scaler.mean[2] and scaler.std[2] (flipper length is the third feature).")


# -- 2. Which measurements set Gentoo apart? --------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def one_node_errors(features) -> int:
    """How many of all 342 birds one sigmoid node (no hidden layer) puts on the wrong side of Gentoo vs the rest,
    trained on these standardised features."""
    import dlkit
    data = dlkit.datasets.load_penguins(list(features))
    X = dlkit.datasets.Standardizer().fit_transform(data.X)
    gentoo = (data.y == 2).astype(np.int64)
    net = dlkit.mlp([len(features), 1], output="sigmoid", seed=0)
    net.fit(X, gentoo, lr=0.1, epochs=100, batch_size=32)
    return int(np.sum(net.predict(X) != gentoo))


def _feature_names(answer):
    if isinstance(answer, str):
        answer = [answer]
    try:
        names = [str(a).strip() for a in answer]
    except TypeError:
        raise Hint("answer with a list of measurement names, like ['bill_length_mm', 'body_mass_g']") from None
    for name in names:
        if name not in FEATURES:
            raise Hint(f"{name!r} is not one of the measurements; choose from {', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        raise Hint("you named the same measurement twice: choose two different ones.")
    return tuple(sorted(names, key=FEATURES.index))


LESSON_PAIR = ("bill_depth_mm", "flipper_length_mm")


@exercise
def check_gentoo_features(features):
    """Two measurements, other than the lesson's pair, with which one node separates every Gentoo from the rest."""
    names = _feature_names(features)
    errors = one_node_errors(names)
    if len(names) == 1:
        raise Hint(f"one measurement is not enough: with {names[0]} alone a single node gets {errors} of the "
                   "342 birds wrong. The question asks for two.")
    if len(names) > 2:
        raise Hint(f"with {len(names)} measurements a single node gets {errors} birds wrong, but the question "
                   "asks for the two that are enough.")
    if names == LESSON_PAIR:
        raise Hint("that is the pair the lesson used, and it does work. Find a different pair that works too.")
    if errors == 0:
        return (f"{' and '.join(names)}: one straight line puts every one of the 342 birds on the right side. "
                "Gentoo have shallower bills than the others and are heavier; body mass says 'big bird' just as "
                "flipper length does, and together with bill depth that is a clean cut.")
    if "bill_length_mm" in names:
        raise Hint(f"a single node gets {errors} birds wrong with these. Bill length does not set Gentoo "
                   "apart: Chinstrap penguins have bills just as long (look at the scatter plot).")
    if names == ("flipper_length_mm", "body_mass_g"):
        raise Hint(f"a single node gets {errors} birds wrong with these. Flipper length and body mass both say "
                   "'big bird', so they fail on the same birds. Combine size with the shape of the bill.")
    raise Hint(f"a single node gets {errors} birds wrong with these; look at the scatter plots for two "
               "measurements where the Gentoo cloud sits apart from both others.")


# -- 3. The smallest network that is good enough -----------------------------------------------------------

TARGET = 0.97                                   # at least 99 of the 102 test birds
SMALLEST = 21                                   # parameters of the smallest network that reaches TARGET
PAIR = ("bill_length_mm", "bill_depth_mm")


def train_species(hidden):
    """The lesson's recipe on PAIR: returns (network, test accuracy, predicted species of the test birds)."""
    import dlkit
    X_train, X_test, y_train, y_test = split(PAIR)
    scaler = dlkit.datasets.Standardizer().fit(X_train)
    net = dlkit.mlp([2] + list(hidden) + [3], activation="relu", output="softmax", seed=0)
    net.fit(scaler.transform(X_train), y_train, lr=0.1, epochs=100, batch_size=32)
    y_pred = net.predict(scaler.transform(X_test))
    return net, float(np.mean(y_pred == y_test)), y_pred


def _hidden(answer):
    if isinstance(answer, (int, np.integer)):
        raise Hint(f"hidden should be a list of layer sizes: [{answer}] for one hidden layer of {answer} units, "
                   "[] for none.")
    try:
        sizes = [int(s) for s in answer]
    except (TypeError, ValueError):
        raise Hint("hidden should be a list of layer sizes, like [4] or [4, 4]; [] means no hidden layer.") from None
    if any(s != float(a) for s, a in zip(sizes, answer)) or any(s < 1 for s in sizes):
        raise Hint("every hidden layer needs a whole number of units, 1 or more.")
    if len(sizes) > 4 or any(s > 64 for s in sizes):
        raise Hint("think small: at most 4 hidden layers of at most 64 units (the task is about the smallest).")
    return sizes


@exercise
def check_smallest(hidden):
    """The network with the fewest parameters that reaches TARGET on the three-species task from PAIR."""
    sizes = _hidden(hidden)
    net, accuracy, y_pred = train_species(sizes)
    n, right = net.n_parameters(), round(accuracy * 102)
    said = f"{sizes} reaches {accuracy:.3f} ({right} of 102 test birds) with {n} parameters"
    if accuracy >= TARGET - 1e-9:
        if n > SMALLEST:
            raise Hint(f"{said}: good enough, but not the smallest. A network with {SMALLEST} parameters gets there "
                       "too: try fewer or narrower layers.")
        return (f"{said}. Fewer parameters never got there here (with this seed), and much bigger networks do "
                "no better: [32, 32], with 1251 parameters, gets 96 birds right.")
    if not sizes:
        raise Hint(f"{said}: with no hidden layer the boundaries are straight lines, and that is not enough here. "
                   "Add a hidden layer.")
    if len(np.unique(y_pred)) == 1:
        raise Hint(f"{said}: it gives every bird the same answer. Its few ReLU units went silent (dead) early in "
                   "training; a unit or two more gives them a better chance.")
    if n >= SMALLEST:
        raise Hint(f"{said}: not yet {TARGET:.0%}, although it is not small. Bigger is not always better here: "
                   "try much smaller networks.")
    raise Hint(f"{said}: not yet {TARGET:.0%}. Try a little wider.")
