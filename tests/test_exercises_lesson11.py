"""The checks of lesson 11: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import itertools

import numpy as np

import dlkit
from exercises import lesson11 as ex


def test_standardise():
    x = ex.NEW_FLIPPERS
    X_train = ex.split()[0]
    scaler = dlkit.datasets.Standardizer().fit(X_train)
    mean, std = scaler.mean[2], scaler.std[2]
    assert ex.check_standardise((x - mean) / std).correct
    assert ex.check_standardise(scaler.transform(np.column_stack([np.zeros((4, 2)), x, np.zeros(4)]))[:, 2]).correct
    assert ex.check_standardise((x - round(mean, 1)) / round(std, 1)).correct      # the rounded numbers do
    assert ex.check_standardise(...).status == "not attempted"
    assert "own mean and std" in ex.check_standardise((x - x.mean()) / x.std()).message
    assert "did not divide" in ex.check_standardise(x - mean).message
    assert "brackets" in ex.check_standardise(x - mean / std).message
    assert "forgot to subtract" in ex.check_standardise(x / std).message
    assert "sign is flipped" in ex.check_standardise((mean - x) / std).message
    assert "variance" in ex.check_standardise((x - mean) / std ** 2).message
    assert "swapped" in ex.check_standardise((x - mean) * std).message
    assert "shape (4,)" in ex.check_standardise(1.0).message


def test_gentoo_features():
    assert ex.check_gentoo_features(["bill_depth_mm", "body_mass_g"]).correct
    assert ex.check_gentoo_features(("body_mass_g", "bill_depth_mm")).correct
    assert "the pair the lesson used" in ex.check_gentoo_features(["flipper_length_mm", "bill_depth_mm"]).message
    assert ex.check_gentoo_features(...).status == "not attempted"
    assert "Chinstrap penguins have bills just as long" in ex.check_gentoo_features(
        ["bill_length_mm", "bill_depth_mm"]).message
    assert "'big bird'" in ex.check_gentoo_features(["flipper_length_mm", "body_mass_g"]).message
    assert "one measurement is not enough" in ex.check_gentoo_features("flipper_length_mm").message
    assert "asks for the two" in ex.check_gentoo_features(list(ex.FEATURES)).message
    assert "not one of the measurements" in ex.check_gentoo_features(["beak", "wings"]).message
    assert "twice" in ex.check_gentoo_features(["bill_depth_mm", "bill_depth_mm"]).message


def test_exactly_two_pairs_separate_gentoo():
    perfect = [pair for pair in itertools.combinations(ex.FEATURES, 2) if ex.one_node_errors(pair) == 0]
    assert perfect == [("bill_depth_mm", "flipper_length_mm"), ("bill_depth_mm", "body_mass_g")]


def smaller_architectures(budget):
    """Every list of hidden sizes whose network [2, ..., 3] has fewer than budget parameters."""
    found = []

    def grow(prefix, previous, used):
        if used + (previous + 1) * 3 < budget:
            found.append(list(prefix))
        for width in itertools.count(1):
            so_far = used + (previous + 1) * width
            if so_far + (width + 1) * 3 >= budget:
                break
            grow(prefix + [width], width, so_far)

    grow([], 2, 0)
    return found


def test_smallest_is_really_the_smallest():
    candidates = smaller_architectures(ex.SMALLEST)
    assert [] in candidates and [2] in candidates and [3] not in candidates
    for hidden in candidates:
        net, accuracy, _ = ex.train_species(hidden)
        assert net.n_parameters() < ex.SMALLEST
        assert accuracy < ex.TARGET, hidden
    net, accuracy, _ = ex.train_species([3])
    assert net.n_parameters() == ex.SMALLEST and accuracy >= ex.TARGET
    net, accuracy, _ = ex.train_species([32, 32])       # quoted in the check's message
    assert net.n_parameters() == 1251 and round(accuracy * 102) == 96


def test_smallest():
    assert ex.check_smallest([3]).correct
    assert ex.check_smallest([2, 2]).correct
    assert ex.check_smallest((3,)).correct
    assert ex.check_smallest(...).status == "not attempted"
    assert "not the smallest" in ex.check_smallest([4]).message
    assert "straight lines" in ex.check_smallest([]).message
    assert "same answer" in ex.check_smallest([1]).message
    assert "a little wider" in ex.check_smallest([2]).message
    assert "Bigger is not always better" in ex.check_smallest([32, 32]).message
    assert "list of layer sizes" in ex.check_smallest(3).message
    assert "think small" in ex.check_smallest([1000]).message
    assert "whole number" in ex.check_smallest([2.5]).message
