"""Exercises for lesson 11 · Birds by their measurements."""
from __future__ import annotations

import functools
import numbers

import numpy as np

from .checking import Hint, array, exercise, not_a, parameter_count, whole_number

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


def all_birds_column(feature):
    """One feature of all 342 birds, training and test together: the scale the lesson warns against."""
    import dlkit
    return dlkit.datasets.load_penguins([feature]).X[:, 0]


# -- 1. Standardise by hand --------------------------------------------------------------------------

@exercise
def check_standardise(answer):
    """NEW_FLIPPERS standardised with the training split's flipper mean and std."""
    x = NEW_FLIPPERS
    mean, std = training_mean_std("flipper_length_mm")
    a = array(answer, "z", "an array of 4 numbers, one per new bird")
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
    everyone = all_birds_column("flipper_length_mm")
    # Tighter than near(): (x - 201) / 14, the training numbers rounded, lies 0.01 from this answer.
    if any(np.allclose(a, (x - everyone.mean()) / everyone.std(ddof=d), atol=0.005, rtol=0) for d in (0, 1)):
        raise Hint("you used the mean and std of all 342 birds, the test birds among them: they leak into the "
                   "scale, the mistake the lesson warns against. The scaler learns from the training birds only: "
                   "use scaler.mean[2] and scaler.std[2].")
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
    if np.allclose(a, (x - mean) / std, rtol=0.05, atol=0.02):
        raise Hint(f"Close! {np.round(a, 4).tolist()} is near the answer, but not quite it: give each value to at "
                   "least 2 decimals, and do not round the mean or the std along the way.")
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


# -- 3. The smallest network that is good enough, chosen on validation splits ----------------------------------
# Lesson 07's rule: choices are made on validation data, and the test set is used once, at the very end, for an
# honest score. So the check judges a network by its mean accuracy over N_SPLITS validation splits of the
# training birds, and looks at the test birds only to report the final choice's score.

TARGET = 0.95                                   # mean validation accuracy to reach (285 of the 300 validations)
SMALLEST = 21                                   # parameters of the smallest network that reaches TARGET: [3]
PAIR = ("bill_length_mm", "bill_depth_mm")
N_SPLITS = 5
VALIDATION_BIRDS = N_SPLITS * 60                # each split validates on 60 of the 240 training birds


@functools.lru_cache(maxsize=None)
def validation_runs(hidden: tuple) -> tuple:
    """The lesson's recipe with these hidden layers, on N_SPLITS splits of the 240 training birds (180 to
    train, 60 to validate, a different split and seed each time; the test birds are not touched).
    Returns one (validation accuracy, number of different species it predicted) per split."""
    import dlkit
    X_train, _, y_train, _ = split(PAIR)
    runs = []
    for seed in range(N_SPLITS):
        X_fit, X_val, y_fit, y_val = dlkit.datasets.train_test_split(X_train, y_train, test_ratio=0.25, seed=seed,
                                                                     stratify=True)
        scaler = dlkit.datasets.Standardizer().fit(X_fit)
        net = dlkit.mlp([2, *hidden, 3], activation="relu", output="softmax", seed=seed)
        net.fit(scaler.transform(X_fit), y_fit, lr=0.1, epochs=100, batch_size=32, seed=seed)
        y_pred = net.predict(scaler.transform(X_val))
        runs.append((float(np.mean(y_pred == y_val)), len(np.unique(y_pred))))
    return tuple(runs)


def validation_accuracy(hidden) -> float:
    """The mean validation accuracy of the network ``mlp([2, *hidden, 3])`` over N_SPLITS splits of the
    training birds (see ``validation_runs``): the score to choose a network by. The test birds stay unseen."""
    return float(np.mean([accuracy for accuracy, _ in validation_runs(tuple(_hidden(hidden)))]))


def train_species(hidden):
    """The lesson's recipe on PAIR, trained on all training birds: (network, test accuracy, predicted species
    of the test birds). Used once, on the final choice."""
    import dlkit
    X_train, X_test, y_train, y_test = split(PAIR)
    scaler = dlkit.datasets.Standardizer().fit(X_train)
    net = dlkit.mlp([2] + list(hidden) + [3], activation="relu", output="softmax", seed=0)
    net.fit(scaler.transform(X_train), y_train, lr=0.1, epochs=100, batch_size=32)
    y_pred = net.predict(scaler.transform(X_test))
    return net, float(np.mean(y_pred == y_test)), y_pred


def _hidden(answer):
    kind = "a list of hidden-layer sizes, like [4] or [4, 4] ([] for no hidden layer)"
    if isinstance(answer, numbers.Integral) and not isinstance(answer, (bool, np.bool_)):
        raise Hint(f"hidden should be a list of layer sizes: [{answer}] for one hidden layer of {answer} units, "
                   "[] for none.")
    if answer is None or isinstance(answer, (bool, np.bool_, str, bytes, dict)) or not np.iterable(answer):
        raise not_a(kind, answer, "hidden")
    sizes = [whole_number(s, "each layer size", "A layer has a whole number of units.") for s in answer]
    if any(s < 1 for s in sizes):
        raise Hint("every hidden layer needs a whole number of units, 1 or more.")
    if len(sizes) > 4 or any(s > 64 for s in sizes):
        raise Hint("think small: at most 4 hidden layers of at most 64 units (the task is about the smallest).")
    return sizes


def _birds(difference: float) -> str:
    """A difference of mean validation accuracies as validation birds: '1 more of the 300 right'."""
    n = round(difference * VALIDATION_BIRDS)
    if n == 0:
        return f"the same number of the {VALIDATION_BIRDS} validation birds right"
    return f"{abs(n)} {'more' if n > 0 else 'fewer'} of the {VALIDATION_BIRDS} validation birds right"


def _better(difference: float) -> str:
    """The words for a bigger network's gain, from the measured difference: a bird or two is luck of the splits."""
    n = round(difference * VALIDATION_BIRDS)
    return "no better" if n <= 0 else "hardly better" if n <= 3 else "better"


@exercise
def check_smallest(hidden):
    """The network with the fewest parameters whose mean validation accuracy on PAIR reaches TARGET.
    Only a network that passes is then scored, once, on the test birds."""
    sizes = _hidden(hidden)
    runs = validation_runs(tuple(sizes))
    mean = float(np.mean([accuracy for accuracy, _ in runs]))
    n = parameter_count([2, *sizes, 3])
    said = f"{sizes}, with {n} parameters, reaches a mean validation accuracy of {mean:.3f}"
    if mean >= TARGET - 1e-9:
        if n > SMALLEST:
            raise Hint(f"{said}: good enough, but not the smallest. A network with {SMALLEST} parameters gets there "
                       "too: try fewer or narrower layers.")
        _, test, _ = train_species(sizes)  # the one look at the test birds, for the final choice only
        line, big = validation_accuracy([]), validation_accuracy([32, 32])
        return (f"{said}. Chosen without a glance at the test birds; now, once, the honest score: it gets "
                f"{test:.3f} of them right ({round(test * 102)} of 102). The straight-line network [] came close "
                f"({line:.3f} with {parameter_count([2, 3])} parameters, {_birds(line - mean)}), and a much bigger "
                f"one is {_better(big - mean)}: [32, 32], with {parameter_count([2, 32, 32, 3])} parameters, "
                f"reaches {big:.3f} ({_birds(big - mean)}).")
    if not sizes:
        raise Hint(f"{said}: straight boundaries come close, but not to {TARGET:.0%}. Add a hidden layer.")
    silent = sum(species == 1 for _, species in runs)
    if silent:
        raise Hint(f"{said}. In {silent} of the {N_SPLITS} splits it gave every bird the same answer: its few ReLU "
                   "units went silent (dead, lesson 02) early in training. A unit or two more gives them a better "
                   "chance.")
    if n >= SMALLEST:
        raise Hint(f"{said}: not yet {TARGET:.0%}, although it is not small. Bigger is not always better here: "
                   "try much smaller networks.")
    raise Hint(f"{said}: not yet {TARGET:.0%}. Try a little wider.")
