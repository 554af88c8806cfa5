"""Datasets for the course: toy 2-D sets, small real datasets, and helpers.

- Toy 2-D sets with the geometry of the TensorFlow Playground (points in about [-6, 6]^2):
  `circle`, `xor`, `gaussian`, `spiral`, `moons` (classification, y int 0/1 or 0..k-1) and
  `plane`, `multi_gaussian` (regression, y float). Each returns `X, y`; `make(name)` picks one.
- Real datasets shipped inside dlkit as the package `dlkit.data` (the course's `data/` folder;
  no network needed): `load_digits`, `load_penguins`, `load_texts`. Each returns a `Dataset`,
  which unpacks as `X, y`.
- Helpers: `bag_of_words`, `train_test_split`, `Standardizer`, `one_hot`.

Rows are examples: X has shape (n_samples, n_features). Every random function takes `seed`
(an int, None, or a numpy Generator): the same seed gives the same arrays.
"""
from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .validate import as_inputs, choose, count, fraction, not_numbers, positive_float, positive_int, rng_from

# The data files ship inside dlkit as this package (pyproject.toml installs the course's data/
# folder as dlkit/data/), so importlib.resources finds them wherever dlkit is installed.
DATA_PACKAGE = "dlkit.data"

CLASSIFICATION = ("circle", "xor", "gaussian", "spiral", "moons")
MULTICLASS = ("gaussian", "spiral")  # the toy sets that take classes=2..5
REGRESSION = ("plane", "multi_gaussian")


# ---------------------------------------------------------------- toy 2-D sets

def _start(n, noise, seed):
    """Check the arguments every generator shares; return (n, noise, rng)."""
    n = positive_int(n, "n")
    noise = positive_float(noise, "noise", allow_zero=True)
    if noise > 0.5:
        raise ValueError(f"noise should be between 0 and 0.5 (the Playground's range), "
                         f"but got {noise}")
    return n, noise, rng_from(seed)


def _class_sizes(n, k):
    """Split n into k counts as evenly as possible: _class_sizes(7, 2) == [4, 3]."""
    return [n // k + (i < n % k) for i in range(k)]


def _finish(rng, parts, jitter=0.0):
    """Stack the point arrays of class 0, 1, ..., move each point by up to `jitter`, shuffle.

    Shuffling matters: sliced or mini-batched, a sorted set would show one class at a time.
    """
    X = np.concatenate(parts)
    y = np.concatenate([np.full(len(p), label) for label, p in enumerate(parts)])
    X = X + rng.uniform(-jitter, jitter, size=X.shape)
    order = rng.permutation(len(y))
    return X[order], y[order]


def _polar(rng, m, r_min, r_max):
    """m points at a radius uniform in [r_min, r_max] and a uniform angle; shape (m, 2)."""
    r = rng.uniform(r_min, r_max, size=m)
    angle = rng.uniform(0, 2 * np.pi, size=m)
    return np.column_stack([r * np.cos(angle), r * np.sin(angle)])


def circle(n=200, noise=0.0, seed=0):
    """A disc (class 1, radius < 2.5) inside a ring (class 0, radius 3.5 to 5).

    noise moves each point by up to 5 * noise along x1 and x2. Returns X (n, 2), y (n,).
    """
    n, noise, rng = _start(n, noise, seed)
    n0, n1 = _class_sizes(n, 2)
    parts = [_polar(rng, n0, 3.5, 5.0), _polar(rng, n1, 0.0, 2.5)]
    return _finish(rng, parts, jitter=5 * noise)


def xor(n=200, noise=0.0, seed=0):
    """Points in the four quadrants; y = 1 where x1 * x2 > 0, else 0.

    Each coordinate is at least 0.3 away from the axes (the Playground's padding);
    noise moves each point by up to 5 * noise. Returns X (n, 2), y (n,).
    """
    n, noise, rng = _start(n, noise, seed)
    parts = []
    for label, m in enumerate(_class_sizes(n, 2)):
        size = rng.uniform(0.3, 5.3, size=(m, 2))
        sign = rng.choice([-1.0, 1.0], size=m)
        # Class 1 has equal signs (quadrants 1 and 3), class 0 opposite ones.
        other = sign if label == 1 else -sign
        parts.append(size * np.column_stack([sign, other]))
    return _finish(rng, parts, jitter=5 * noise)


def gaussian(n=200, noise=0.0, seed=0, classes=2):
    """Gaussian blobs, one per class: for 2 classes, class 0 around (-2, -2) and class 1 around (2, 2); for 3
    to 5, the blobs sit evenly on the circle through those two points (radius 2.83), class 0 still at (-2, -2).

    Variance per coordinate: 0.5 + 7 * noise (0.5 when clean, 4 at noise 0.5, as in the
    Playground). Returns X (n, 2), y (n,).
    """
    n, noise, rng = _start(n, noise, seed)
    classes = positive_int(classes, "classes", minimum=2)
    if classes > 5:
        raise ValueError(f"classes should be between 2 and 5, but got {classes}")
    std = np.sqrt(0.5 + 7 * noise)
    if classes == 2:
        centres = [(-2.0, -2.0), (2.0, 2.0)]
    else:
        angles = 1.25 * np.pi + 2 * np.pi * np.arange(classes) / classes
        centres = list(zip(np.sqrt(8) * np.cos(angles), np.sqrt(8) * np.sin(angles)))
    parts = [rng.normal(centre, std, size=(m, 2)) for centre, m in zip(centres, _class_sizes(n, classes))]
    return _finish(rng, parts)


def spiral(n=200, noise=0.0, seed=0, classes=2):
    """Interleaved spiral arms, one per class (labels 0 .. classes-1, 2 to 5 classes).

    Along arm k, s goes from 0 to 1: radius r = 5 s, angle t = 3.5 pi s + 2 pi k / classes.
    noise moves each point by up to noise (the Playground's scale). Returns X (n, 2), y (n,).
    """
    n, noise, rng = _start(n, noise, seed)
    classes = positive_int(classes, "classes", minimum=2)
    if classes > 5:
        raise ValueError(f"classes should be between 2 and 5, but got {classes}")
    parts = []
    for k, m in enumerate(_class_sizes(n, classes)):
        s = np.arange(m) / max(m, 1)
        r = 5 * s
        t = 3.5 * np.pi * s + 2 * np.pi * k / classes
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    return _finish(rng, parts, jitter=noise)


def moons(n=200, noise=0.0, seed=0):
    """Two interleaving half circles: class 0 the upper arc, class 1 the lower one.

    The arcs of scikit-learn's make_moons, centred and scaled by 3 to fill the frame;
    noise moves each point by up to 5 * noise. Returns X (n, 2), y (n,).
    """
    n, noise, rng = _start(n, noise, seed)
    n0, n1 = _class_sizes(n, 2)
    t0 = rng.uniform(0, np.pi, size=n0)
    t1 = rng.uniform(0, np.pi, size=n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    # The arcs span x1 in [-1, 2] and x2 in [-0.5, 1]: move the centre (0.5, 0.25) to 0.
    parts = [3 * (p - (0.5, 0.25)) for p in (upper, lower)]
    return _finish(rng, parts, jitter=5 * noise)


def _regression(n, noise, seed, f):
    """X uniform in [-6, 6]^2 and y = f(X + jitter): noise makes y disagree with X."""
    n, noise, rng = _start(n, noise, seed)
    X = rng.uniform(-6, 6, size=(n, 2))
    # As in the Playground, the target is read at a point moved by up to 6 * noise.
    y = f(X + rng.uniform(-6 * noise, 6 * noise, size=X.shape))
    return X, y


def plane(n=200, noise=0.0, seed=0):
    """Regression on a tilted plane: y = (x1 + x2) / 10. Returns X (n, 2), y (n,)."""
    return _regression(n, noise, seed, lambda X: X.sum(axis=1) / 10)


# Bump centres (x1, x2) and signs: a 3 x 2 grid of alternating hills and valleys.
_BUMPS = np.array([(-4, 2.5), (0, 2.5), (4, 2.5), (-4, -2.5), (0, -2.5), (4, -2.5)])
_SIGNS = np.array([1, -1, 1, -1, 1, -1])


def _bumps(X):
    """y = sum_k sign_k * exp(-|x - c_k|^2 / 2): (n, 2) -> (n,)."""
    squared = ((X[:, None, :] - _BUMPS) ** 2).sum(axis=2)   # (n, 6) distances^2
    return np.exp(-squared / 2) @ _SIGNS


def multi_gaussian(n=200, noise=0.0, seed=0):
    """Regression on six Gaussian bumps, three up and three down: y in about [-1, 1].

    Returns X (n, 2), y (n,).
    """
    return _regression(n, noise, seed, _bumps)


_GENERATORS = {"circle": circle, "xor": xor, "gaussian": gaussian, "spiral": spiral,
               "moons": moons, "plane": plane, "multi_gaussian": multi_gaussian}


def make(name, n=200, noise=0.0, seed=0, **kwargs):
    """The toy set called `name` (see CLASSIFICATION and REGRESSION): make("xor", 100)."""
    name = choose("dataset", name, CLASSIFICATION + REGRESSION)
    return _GENERATORS[name](n=n, noise=noise, seed=seed, **kwargs)


# ---------------------------------------------------------------- real datasets

@dataclass(repr=False)
class Dataset:
    """A real dataset: X (n, d) float64 features, y (n,) int64 class indices, and names.

    Unpacks as `X, y = load_digits()`. Extras, filled by some loaders: `images` (digits),
    `texts` (texts), `island` and `sex` (penguins).
    """
    X: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    class_names: list[str]
    description: str = ""
    name: str = "dataset"
    images: np.ndarray | None = None
    texts: list[str] | None = None
    island: np.ndarray | None = None
    sex: np.ndarray | None = None

    def __iter__(self):
        return iter((self.X, self.y))

    def __len__(self):
        return len(self.y)

    def __repr__(self):
        k, names = len(self.class_names), ", ".join(self.class_names)
        return f"Dataset({self.name!r}: X {self.X.shape}, {count(k, 'class', 'classes')}: {names})"


def _data_file(filename):
    """A file of the package dlkit.data, or a FileNotFoundError saying where it was looked for."""
    try:
        folder = resources.files(DATA_PACKAGE)
    except ModuleNotFoundError:
        raise FileNotFoundError(
            f"the data file {filename!r} is missing: the package {DATA_PACKAGE} that holds dlkit's "
            f"data files is not installed. Install dlkit (pip install -e . in the course folder, as "
            f"./course does) instead of putting its folder on the Python path.") from None
    path = folder / filename
    if not path.is_file():
        raise FileNotFoundError(
            f"the data file {filename!r} is missing: it was looked for at {path}. "
            f"It ships inside the dlkit package (dlkit/data/, from the course's data/ folder): "
            f"reinstall dlkit to get it back.")
    return path


def load_digits():
    """8x8 images of handwritten digits: X (1797, 64) pixels 0..16, y (1797,) digits 0..9."""
    with _data_file("digits.csv.gz").open("rb") as raw, gzip.open(raw, "rt") as f:
        table = np.loadtxt(f, delimiter=",")   # 64 pixel columns, then the label
    X, y = table[:, :64], table[:, 64].astype(np.int64)
    return Dataset(
        X=X, y=y, images=X.reshape(-1, 8, 8), name="digits",
        feature_names=[f"pixel_r{r}_c{c}" for r in range(8) for c in range(8)],
        class_names=[str(d) for d in range(10)],
        description=(
            "Handwritten digits (UCI optdigits, the 1797-image test set): each pixel counts "
            "the inked pixels in a 4x4 block of a 32x32 bitmap, so it is a whole number 0..16."))


PENGUIN_FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")


def load_penguins(features=None):
    """Palmer penguins: X (342, d) measurements, y (342,) species 0 Adelie, 1 Chinstrap, 2 Gentoo.

    features: names from PENGUIN_FEATURES (default all four). Penguins with a missing
    measurement are dropped. Extras: `island` and `sex` ("NA" where unrecorded), string arrays.
    """
    if features is None:
        features = PENGUIN_FEATURES
    elif isinstance(features, str):
        features = [features]
    features = [choose("penguin feature", f, PENGUIN_FEATURES) for f in features]
    if not features:
        raise ValueError(f"features is empty; choose some of: {', '.join(PENGUIN_FEATURES)}")
    with _data_file("penguins.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    kept = [row for row in rows if all(row[name] != "NA" for name in PENGUIN_FEATURES)]
    species = ["Adelie", "Chinstrap", "Gentoo"]
    return Dataset(
        X=np.array([[float(row[name]) for name in features] for row in kept]),
        y=np.array([species.index(row["species"]) for row in kept], dtype=np.int64),
        feature_names=features, class_names=species, name="penguins",
        island=np.array([row["island"] for row in kept]),
        sex=np.array([row["sex"] for row in kept]),
        description=(
            f"Palmer penguins (Antarctica, 2007-2009): {len(rows)} penguins in the file, "
            f"{len(rows) - len(kept)} with missing measurements dropped, {len(kept)} kept."))


def load_texts():
    """Short labelled reviews: X (n, V) word counts from bag_of_words, y 0 negative, 1 positive."""
    with _data_file("texts.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = [row["text"] for row in rows]
    class_names = sorted({row["label"] for row in rows})
    X, vocabulary = bag_of_words(texts)
    return Dataset(
        X=X, y=np.array([class_names.index(row["label"]) for row in rows], dtype=np.int64),
        feature_names=vocabulary, class_names=class_names, texts=texts, name="texts",
        description=(
            f"{len(texts)} one-sentence reviews of restaurants, films and products, written "
            f"for this course; X counts each of the {len(vocabulary)} words in each text."))


# ---------------------------------------------------------------- helpers

# A word: letters (of any alphabet) or digits, with an apostrophe inside it kept: "didn't".
# [^\W_] is one letter or digit: \w, "a word character", without the underscore.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _words(text):
    """The words of a text, lowercased. Spaces, punctuation and symbols (emoji too) only separate words:
    "Didn't love the Café, 5 stars!" -> ["didn't", "love", "the", "café", "5", "stars"]."""
    text = unicodedata.normalize("NFC", text)   # an accent typed on its own joins its letter: e + ´ is é
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]   # didn’t is didn't


def bag_of_words(texts, vocabulary=None, min_count=1):
    """Count words: X[i, j] = how often vocabulary[j] occurs in texts[i].

    Returns X (n, V) float64 and the vocabulary, a list of V words.

    Without a vocabulary, it is every word seen at least min_count times in all texts, sorted.
    With one (the training set's, for a test set), words not in it are ignored.
    """
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise TypeError(f"texts should be a list of strings, but got {type(texts).__name__}; "
                        f"for a single text use [text]")
    words = [_words(t) for t in texts]
    if vocabulary is None:
        min_count = positive_int(min_count, "min_count")
        counts = {}
        for w in (w for ws in words for w in ws):
            counts[w] = counts.get(w, 0) + 1
        vocabulary = sorted(w for w, c in counts.items() if c >= min_count)
    elif isinstance(vocabulary, (str, bytes)):   # list() would make it a vocabulary of single characters
        raise TypeError("vocabulary should be a list of words, like ['great', 'food'], not one string; "
                        "for the words of a string use its .split()")
    vocabulary = list(vocabulary)
    if not vocabulary:
        raise ValueError(f"the vocabulary is empty: no word occurs often enough (min_count={min_count})")
    column = {w: j for j, w in enumerate(vocabulary)}
    X = np.zeros((len(words), len(vocabulary)))
    for i, ws in enumerate(words):
        for w in ws:
            if w in column:
                X[i, column[w]] += 1
    return X, vocabulary


def train_test_split(X, y, test_ratio=0.25, seed=0, stratify=False):
    """Shuffle and split: returns X_train, X_test, y_train, y_test.

    round(n * test_ratio) examples go to the test side. With stratify=True each class is
    split on its own, so both sides keep the class proportions of y.
    """
    X = as_inputs(X, before="splitting")
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(f"X has {count(len(X), 'example')} but y has {y.size if y.ndim == 0 else len(y)}")
    test_ratio = fraction(test_ratio, "test_ratio", low_open=True)
    rng = rng_from(seed)
    if stratify and y.ndim != 1:
        raise ValueError(f"stratify=True needs y as 1-D class labels, but y has shape {y.shape}")
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    test, train = [], []
    for group in groups:
        group = rng.permutation(group)
        k = round(len(group) * test_ratio)
        test.append(group[:k])
        train.append(group[k:])
    test = rng.permutation(np.concatenate(test))
    train = rng.permutation(np.concatenate(train))
    if len(test) == 0 or len(train) == 0:
        raise ValueError(f"test_ratio={test_ratio} splits {count(len(y), 'example')} into {len(train)} for "
                         f"training and {len(test)} for testing; both need at least one")
    return X[train], X[test], y[train], y[test]


def _spread(X, mean):
    """Each column's std, or 1 for a column that is constant: dividing by 0 would give 0/0 = NaN, and dividing
    by the tiny std that rounding leaves in a column like [1, 1 + 1e-15, 1] would turn that noise into values
    of about 1, as if it were a real spread. A constant column carries no information, so it is only centred,
    to zeros. "Constant" is scikit-learn's rule (StandardScaler): a variance no larger than the rounding error
    of computing it, n eps var + (n eps mean)^2."""
    n, eps = len(X), np.finfo(np.float64).eps
    var = X.var(axis=0)
    constant = var <= n * eps * var + (n * eps * mean) ** 2
    return np.where(constant, 1.0, np.sqrt(var))


class Standardizer:
    """Rescale each feature to mean 0 and standard deviation 1: X_std = (X - mean) / std.

    Fit on the training set only, then transform every set with the same mean and std.
    """

    def __init__(self):
        self.mean = None
        self.std = None

    def fit(self, X):
        """Learn mean and std per feature from X (n, d); returns self."""
        X = as_inputs(X)
        self.mean = X.mean(axis=0)
        self.std = _spread(X, self.mean)  # X.std(axis=0), but 1 for a constant column
        return self

    def transform(self, X):
        """(n, d) -> (n, d): (X - mean) / std."""
        return (self._check(X) - self.mean) / self.std

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, X):
        """(n, d) -> (n, d): X * std + mean, back to the original units."""
        return self._check(X) * self.std + self.mean

    def _check(self, X):
        if self.mean is None:
            raise RuntimeError("this Standardizer has not been fitted yet: call fit(X_train) first")
        return as_inputs(X, n_features=len(self.mean), where="the fitted Standardizer")

    def __repr__(self):
        fitted = "not fitted" if self.mean is None else f"fitted on {count(len(self.mean), 'feature')}"
        return f"Standardizer({fitted})"


def one_hot(y, n_classes=None):
    """Class indices (n,) -> one-hot rows (n, C) float64: Y[i, y[i]] = 1, the rest 0.

    C is n_classes, or max(y) + 1 when not given.
    """
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"y should be a non-empty 1-D array of class indices, "
                         f"but got shape {y.shape}")
    if y.dtype == bool or not np.issubdtype(y.dtype, np.number):
        raise not_numbers(y, "y", "class indices 0, 1, 2, ...")
    whole = np.isfinite(y) & (y == np.round(y))
    if not whole.all():
        bad = y[~whole][0].item()
        raise ValueError(f"y should hold whole numbers 0, 1, 2, ..., but it contains {bad}")
    if y.min() < 0:
        raise ValueError(f"y should hold class indices 0 or more, but it contains {y.min().item()}")
    y = y.astype(np.int64)
    n_classes = int(y.max()) + 1 if n_classes is None else positive_int(n_classes, "n_classes")
    if y.max() >= n_classes:
        raise ValueError(f"y contains the label {y.max()} but n_classes is {n_classes}: "
                         f"labels must be 0 to {n_classes - 1}")
    Y = np.zeros((len(y), n_classes))
    Y[np.arange(len(y)), y] = 1.0
    return Y
