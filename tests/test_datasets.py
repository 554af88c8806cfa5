"""Datasets: toy sets, shipped data files, helpers, and clear errors for bad arguments."""
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from dlkit import datasets
from dlkit.datasets import (CLASSIFICATION, REGRESSION, Dataset, Standardizer, bag_of_words,
                            load_digits, load_penguins, load_texts, make, one_hot,
                            train_test_split)

ALL_TOYS = CLASSIFICATION + REGRESSION


# ---------------------------------------------------------------- toy 2-D sets

@pytest.mark.parametrize("name", ALL_TOYS)
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_toy_shapes_dtypes_and_frame(name, noise):
    X, y = make(name, n=101, noise=noise, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,)
    assert np.mean(np.abs(X) <= 6) > 0.9, "points should fill about the [-6, 6] frame"
    assert np.abs(X).max() > 3
    if name in REGRESSION:
        assert y.dtype == np.float64
    else:
        assert y.dtype == np.int64


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classes_are_balanced_and_shuffled(name):
    _, y = make(name, n=201, seed=0)
    assert sorted(np.bincount(y)) == [100, 101]
    assert np.any(np.diff(y) < 0), "classes come mixed, not one block after the other"


@pytest.mark.parametrize("classes", [2, 3, 5])
def test_spiral_classes_balanced(classes):
    _, y = datasets.spiral(n=52, classes=classes)
    counts = np.bincount(y)
    assert len(counts) == classes and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", ALL_TOYS)
def test_same_seed_same_arrays_other_seed_other_arrays(name):
    X1, y1 = make(name, n=50, noise=0.2, seed=7)
    X2, y2 = make(name, n=50, noise=0.2, seed=7)
    X3, _ = make(name, n=50, noise=0.2, seed=8)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_seed_can_be_a_generator():
    X1, _ = datasets.circle(seed=np.random.default_rng(5))
    X2, _ = datasets.circle(seed=np.random.default_rng(5))
    assert np.array_equal(X1, X2)


def test_clean_circle_is_split_by_a_radius():
    X, y = datasets.circle(n=400)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[y == 1].max() < 2.5 < 3.5 <= r[y == 0].min()


def test_noisy_circle_is_not_split_by_a_radius():
    X, y = datasets.circle(n=400, noise=0.5)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[y == 1].max() > r[y == 0].min()


def test_clean_xor_follows_the_sign_of_the_product():
    X, y = datasets.xor(n=400)
    assert np.array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))
    assert np.abs(X).min() >= 0.3, "points keep away from the axes"


def test_clean_gaussian_is_split_by_the_diagonal():
    X, y = datasets.gaussian(n=400)
    assert np.array_equal(y, (X.sum(axis=1) > 0).astype(int))


def test_gaussian_noise_widens_the_blobs():
    X0, y0 = datasets.gaussian(n=400)
    X1, y1 = datasets.gaussian(n=400, noise=0.5)
    assert X1[y1 == 1].std() > 2 * X0[y0 == 1].std()


def smallest_gap(X, y):
    """The distance between the closest two points of class 0 and class 1."""
    return np.linalg.norm(X[y == 0][:, None] - X[y == 1][None], axis=2).min()


def test_clean_moons_are_arcs_of_radius_3():
    X, y = datasets.moons(n=100)
    for label, centre in [(0, (-1.5, -0.75)), (1, (1.5, 0.75))]:
        assert np.allclose(np.linalg.norm(X[y == label] - centre, axis=1), 3)
    assert np.all(X[y == 0, 1] >= -0.75) and np.all(X[y == 1, 1] <= 0.75)


def test_clean_moons_keep_apart_noisy_ones_overlap():
    assert smallest_gap(*datasets.moons(n=300)) > 1
    assert smallest_gap(*datasets.moons(n=300, noise=0.5)) < 0.2


def test_clean_spiral_arms_keep_apart_away_from_the_centre():
    X, y = datasets.spiral(n=300)
    outside = np.hypot(X[:, 0], X[:, 1]) > 1    # every arm starts at (0, 0)
    assert smallest_gap(X[outside], y[outside]) > 0.5


def test_spiral_points_follow_their_arm():
    X, _ = datasets.spiral(n=200)
    assert np.hypot(X[:, 0], X[:, 1]).max() <= 5


def test_plane_is_linear_when_clean():
    X, y = datasets.plane(n=100)
    assert np.allclose(y, (X[:, 0] + X[:, 1]) / 10)


def test_noise_makes_the_regression_target_disagree():
    X, y = datasets.plane(n=100, noise=0.3)
    assert not np.allclose(y, (X[:, 0] + X[:, 1]) / 10)


def test_multi_gaussian_has_a_hill_and_a_valley_where_documented():
    X, y = datasets.multi_gaussian(n=4000)
    near_hill = np.hypot(X[:, 0] + 4, X[:, 1] - 2.5) < 0.3    # bump at (-4, 2.5), sign +1
    near_valley = np.hypot(X[:, 0], X[:, 1] - 2.5) < 0.3      # bump at (0, 2.5), sign -1
    assert near_hill.any() and near_valley.any()
    assert y[near_hill].min() > 0.9 and y[near_valley].max() < -0.9
    assert np.abs(y).max() < 1.01


@pytest.mark.parametrize("kwargs, error, message", [
    ({"n": 0}, ValueError, "n should be at least 1"),
    ({"n": 2.5}, TypeError, "n should be a whole number"),
    ({"noise": 0.7}, ValueError, "noise should be between 0 and 0.5"),
    ({"noise": -0.1}, ValueError, "noise should be a finite number zero or more"),
    ({"noise": "high"}, TypeError, "noise should be a number"),
    ({"seed": -1}, TypeError, "seed should be a non-negative whole number"),
])
@pytest.mark.parametrize("name", ALL_TOYS)
def test_toy_bad_arguments(name, kwargs, error, message):
    with pytest.raises(error, match=message):
        make(name, **kwargs)


@pytest.mark.parametrize("classes, message", [(1, "classes should be at least 2"),
                                              (6, "classes should be between 2 and 5")])
def test_spiral_bad_classes(classes, message):
    with pytest.raises(ValueError, match=message):
        datasets.spiral(classes=classes)


def test_make_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="unknown dataset 'donut'; choose one of: circle, xor"):
        make("donut")


def test_make_passes_extra_arguments():
    _, y = make("spiral", n=30, classes=3)
    assert set(y) == {0, 1, 2}


# ---------------------------------------------------------------- real datasets

def test_digits():
    data = load_digits()
    assert data.X.shape == (1797, 64) and data.X.dtype == np.float64
    assert data.y.shape == (1797,) and data.y.dtype == np.int64
    assert data.X.min() == 0 and data.X.max() == 16
    assert np.array_equal(data.X, np.round(data.X)), "pixels are whole counts"
    assert data.class_names == [str(d) for d in range(10)]
    assert np.bincount(data.y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert data.images.shape == (1797, 8, 8)
    assert np.array_equal(data.images[5, 2], data.X[5, 16:24])
    assert data.feature_names[0] == "pixel_r0_c0" and data.feature_names[9] == "pixel_r1_c1"


def test_dataset_unpacks_and_prints_short():
    data = load_digits()
    X, y = data
    assert X is data.X and y is data.y and len(data) == 1797
    assert repr(data) == "Dataset('digits': X (1797, 64), 10 classes: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)"


def test_penguins():
    data = load_penguins()
    assert data.X.shape == (342, 4) and data.X.dtype == np.float64
    assert not np.isnan(data.X).any()
    assert data.class_names == ["Adelie", "Chinstrap", "Gentoo"]
    assert np.bincount(data.y).tolist() == [151, 68, 123]
    assert data.feature_names == list(datasets.PENGUIN_FEATURES)
    assert "2 with missing measurements dropped" in data.description
    assert data.X[0].tolist() == [39.1, 18.7, 181, 3750]
    assert data.island.shape == data.sex.shape == (342,)
    assert set(data.island) == {"Biscoe", "Dream", "Torgersen"}
    assert set(data.sex) == {"male", "female", "NA"}


def test_penguins_feature_subset_in_the_order_asked():
    data = load_penguins(["body_mass_g", "bill_length_mm"])
    assert data.X.shape == (342, 2)
    assert data.X[0].tolist() == [3750, 39.1]
    assert load_penguins("flipper_length_mm").X.shape == (342, 1)


@pytest.mark.parametrize("features, message", [
    (["beak_size"], "unknown penguin feature 'beak_size'; choose one of: bill_length_mm"),
    ([], "features is empty"),
])
def test_penguins_bad_features(features, message):
    with pytest.raises(ValueError, match=message):
        load_penguins(features)


def test_texts():
    data = load_texts()
    assert len(data.texts) == data.X.shape[0] >= 200
    assert data.class_names == ["negative", "positive"]
    counts = np.bincount(data.y)
    assert counts[0] == counts[1]
    assert data.X.shape[1] == len(data.feature_names) > 100
    assert data.feature_names == sorted(data.feature_names)
    assert "not" in data.feature_names, "negations make it more than keyword lookup"
    assert np.array_equal(data.X, bag_of_words(data.texts, data.feature_names)[0])


def test_texts_are_unique():
    texts = load_texts().texts
    assert len(set(texts)) == len(texts)


def test_missing_data_file_says_where_it_looked(monkeypatch, tmp_path):
    (tmp_path / "empty_data").mkdir()
    (tmp_path / "empty_data" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.setattr(datasets, "DATA_PACKAGE", "empty_data")
    with pytest.raises(FileNotFoundError, match="'penguins.csv' is missing: it was looked for at .*empty_data"):
        load_penguins()


def test_missing_data_package_says_how_to_install(monkeypatch):
    monkeypatch.setattr(datasets, "DATA_PACKAGE", "no_such_data_package")
    with pytest.raises(FileNotFoundError, match="'texts.csv' is missing: the package no_such_data_package"):
        load_texts()


def test_the_data_files_are_the_package_dlkit_data():
    """However dlkit is installed, its data files are the package dlkit.data (a wheel: test_package.py)."""
    folder = resources.files("dlkit.data")
    for name in ("digits.csv.gz", "penguins.csv", "texts.csv", "README.md"):
        assert (folder / name).is_file(), name


# ---------------------------------------------------------------- bag of words

def test_bag_of_words_counts_and_sorts():
    X, vocabulary = bag_of_words(["Not good, NOT bad!", "good food"])
    assert vocabulary == ["bad", "food", "good", "not"]
    assert X.tolist() == [[1, 0, 1, 2], [0, 1, 1, 0]]
    assert X.dtype == np.float64


def test_bag_of_words_with_a_vocabulary_ignores_unknown_words():
    X, vocabulary = bag_of_words(["tasty good soup", "awful"], vocabulary=["good", "soup"])
    assert vocabulary == ["good", "soup"]
    assert X.tolist() == [[1, 1], [0, 0]]


def test_bag_of_words_keeps_contractions_accents_and_numbers_whole():
    X, vocabulary = bag_of_words(["Didn't like the CAFÉ, 5 stars!", "didn’t like the cafe\u0301 👍"])
    assert vocabulary == ["5", "café", "didn't", "like", "stars", "the"]
    assert X.tolist() == [[1, 1, 1, 1, 1, 1], [0, 1, 1, 1, 0, 1]]


def test_bag_of_words_min_count():
    _, vocabulary = bag_of_words(["a b b", "b c c"], min_count=2)
    assert vocabulary == ["b", "c"]


@pytest.mark.parametrize("args, error, message", [
    (("one text",), TypeError, r"texts should be a list of strings.*\[text\]"),
    (([1, 2],), TypeError, "texts should be a list of strings"),
    ((["Great food"], "great food"), TypeError, r"vocabulary should be a list of words.*not one string.*\.split\(\)"),
    ((["a b"], None, 5), ValueError, "the vocabulary is empty"),
    ((["a b"], None, 0), ValueError, "min_count should be at least 1"),
])
def test_bag_of_words_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        bag_of_words(*args)


# ---------------------------------------------------------------- train/test split

def test_split_sizes_no_overlap_and_nothing_lost():
    X = np.arange(200.0).reshape(100, 2)
    y = np.arange(100)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_ratio=0.25)
    assert len(X_train) == len(y_train) == 75 and len(X_test) == len(y_test) == 25
    assert np.array_equal(X_train[:, 0], 2 * y_train), "rows keep their labels"
    assert set(y_train).isdisjoint(y_test)
    assert sorted(np.concatenate([y_train, y_test])) == list(range(100))
    assert not np.array_equal(y_test, np.sort(y_test)), "the split shuffles"


def test_split_test_size_is_rounded():
    _, X_test, _, _ = train_test_split(np.zeros((7, 1)), np.zeros(7), test_ratio=0.5)
    assert len(X_test) == 4    # round(3.5)


def test_split_same_seed_same_split():
    X, y = datasets.circle(n=60)
    first = train_test_split(X, y, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, train_test_split(X, y, seed=4)))
    assert not np.array_equal(first[3], train_test_split(X, y, seed=5)[3])


def test_stratified_split_keeps_proportions():
    y = np.array([0] * 80 + [1] * 20)
    X = np.zeros((100, 1))
    for seed in range(5):
        _, _, y_train, y_test = train_test_split(X, y, test_ratio=0.25, seed=seed, stratify=True)
        assert np.bincount(y_test).tolist() == [20, 5]
        assert np.bincount(y_train).tolist() == [60, 15]


@pytest.mark.parametrize("n_y, ratio, message", [
    (9, 0.25, "X has 10 examples but y has 9"),
    (10, 1.0, r"test_ratio should be in \(0, 1\), but got 1.0"),
    (10, 0.0, r"test_ratio should be in \(0, 1\), but got 0.0"),
    (10, 0.01, "into 10 for training and 0 for testing; both need at least one"),
])
def test_split_bad_input(n_y, ratio, message):
    with pytest.raises(ValueError, match=message):
        train_test_split(np.zeros((10, 2)), np.zeros(n_y), test_ratio=ratio)


def test_split_needs_2d_X():
    with pytest.raises(ValueError, match="use X.reshape"):
        train_test_split(np.zeros(10), np.zeros(10))


# ---------------------------------------------------------------- Standardizer

def test_standardizer_mean_zero_std_one_and_round_trip(rng):
    X = rng.normal(5, 3, size=(50, 3)) * [1, 10, 100]
    scaler = Standardizer()
    Z = scaler.fit_transform(X)
    assert np.allclose(Z.mean(axis=0), 0) and np.allclose(Z.std(axis=0), 1)
    assert np.allclose(scaler.inverse_transform(Z), X)
    assert scaler.mean.shape == scaler.std.shape == (3,)
    assert repr(scaler) == "Standardizer(fitted on 3 features)"


def test_standardizer_uses_training_statistics_on_new_data():
    scaler = Standardizer().fit(np.array([[0.0], [2.0]]))
    assert scaler.transform(np.array([[4.0]])).tolist() == [[3.0]]


def test_standardizer_constant_column_does_not_divide_by_zero():
    X = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 3.0]])
    Z = Standardizer().fit_transform(X)
    assert np.all(np.isfinite(Z))
    assert np.allclose(Z[:, 0], 0)


def test_standardizer_transform_before_fit():
    with pytest.raises(RuntimeError, match="not been fitted yet: call fit"):
        Standardizer().transform(np.zeros((2, 2)))


def test_standardizer_feature_count_mismatch():
    scaler = Standardizer().fit(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="X has 2 features but the fitted Standardizer expects 3"):
        scaler.transform(np.zeros((4, 2)))


# ---------------------------------------------------------------- one_hot

def test_one_hot():
    Y = one_hot([2, 0, 1, 2])
    assert Y.dtype == np.float64
    assert Y.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert one_hot(np.array([1.0, 0.0]), n_classes=4).shape == (2, 4)


@pytest.mark.parametrize("y, n_classes, error, message", [
    ([0, 3], 3, ValueError, "y contains the label 3 but n_classes is 3: labels must be 0 to 2"),
    ([0, 1.5], None, ValueError, "whole numbers 0, 1, 2, ..., but it contains 1.5"),
    ([0, -1], None, ValueError, "class indices 0 or more, but it contains -1"),
    ([0, np.nan], None, ValueError, "whole numbers .* but it contains nan"),
    (["a", "b"], None, TypeError, "y holds text labels, such as .a.*class numbers 0, 1, 2"),
    ([[0, 1]], None, ValueError, r"1-D array of class indices, but got shape \(1, 2\)"),
    ([], None, ValueError, "non-empty 1-D array"),
    ([0, 1], 0, ValueError, "n_classes should be at least 1"),
])
def test_one_hot_bad_input(y, n_classes, error, message):
    with pytest.raises(error, match=message):
        one_hot(y, n_classes)


# ---------------------------------------------------------------- import cost

def test_import_does_not_pull_in_heavy_packages():
    code = ("import sys, dlkit.datasets; "
            "print(sorted(m for m in ('sklearn', 'pandas', 'matplotlib', 'palmerpenguins') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_dataset_is_a_plain_dataclass():
    data = Dataset(X=np.zeros((2, 1)), y=np.array([0, 1]), feature_names=["a"],
                   class_names=["no", "yes"], name="tiny")
    assert data.images is None and repr(data) == "Dataset('tiny': X (2, 1), 2 classes: no, yes)"


def test_the_species_are_spelled_as_the_data_spells_them_everywhere():
    """The file says Adelie: lessons, legends, dlkit and the exercises write it so (not Adélie), so a name typed from
    a lesson finds its colour and its class."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    assert "Adelie" in load_penguins().class_names
    files = [*root.glob("notebooks/*.ipynb"), *root.glob("notebooks/exercises/*.py"), *root.glob("dlkit/**/*.py"),
             *root.glob("*.md")]
    accented = [f.relative_to(root).as_posix() for f in files if "Adélie" in f.read_text(encoding="utf-8")
                or "Ad\\u00e9lie" in f.read_text(encoding="utf-8")]
    assert accented == []
