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
    everyone = dlkit.datasets.load_penguins().X[:, 2]         # all 342 birds: the test birds leak into the scale
    for z in ((x - everyone.mean()) / everyone.std(), (x - everyone.mean()) / everyone.std(ddof=1),
              np.round((x - everyone.mean()) / everyone.std(), 2)):
        assert "training birds only" in ex.check_standardise(z).message
    assert "did not divide" in ex.check_standardise(x - mean).message
    assert "brackets" in ex.check_standardise(x - mean / std).message
    assert "forgot to subtract" in ex.check_standardise(x / std).message
    assert "sign is flipped" in ex.check_standardise((mean - x) / std).message
    assert "variance" in ex.check_standardise((x - mean) / std ** 2).message
    assert "swapped" in ex.check_standardise((x - mean) * std).message
    assert "shape (4,)" in ex.check_standardise(1.0).message
    assert "Close!" in ex.check_standardise((x - 201) / 14).message          # mean and std rounded on the way
    assert "Did your function return" in ex.check_standardise(None).message


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
    # Judged by mean validation accuracy, as the check judges: nothing smaller than SMALLEST reaches TARGET.
    candidates = smaller_architectures(ex.SMALLEST)
    assert [] in candidates and [2] in candidates and [3] not in candidates
    for hidden in candidates:
        assert dlkit.mlp([2, *hidden, 3]).n_parameters() < ex.SMALLEST
        runs = ex.validation_runs(tuple(hidden))
        assert np.mean([accuracy for accuracy, _ in runs]) < ex.TARGET, hidden
    assert dlkit.mlp([2, 3, 3]).n_parameters() == ex.SMALLEST and ex.validation_accuracy([3]) >= ex.TARGET
    # The numbers the check's message quotes.
    assert round(ex.validation_accuracy([]), 3) == 0.947
    assert dlkit.mlp([2, 32, 32, 3]).n_parameters() == 1251 and round(ex.validation_accuracy([32, 32]), 3) == 0.957


def test_validation_splits_come_from_the_training_birds_only():
    X_train, X_test, y_train, _ = ex.split(ex.PAIR)
    assert len(X_train) == 240 and len(X_test) == 102
    training_rows = {tuple(row) for row in X_train}
    for seed in range(ex.N_SPLITS):   # the splits the check makes: 180 + 60 of the 240 training birds
        X_fit, X_val, _, _ = dlkit.datasets.train_test_split(X_train, y_train, test_ratio=0.25, seed=seed,
                                                             stratify=True)
        assert len(X_fit) == 180 and len(X_val) == 60
        assert {tuple(row) for row in X_val} <= training_rows


def forget_validation_runs():
    """The validation runs are cached per network; after a change to the split they must be run again."""
    if hasattr(ex, "validation_runs"):
        ex.validation_runs.cache_clear()


def test_the_choice_never_looks_at_the_test_birds(monkeypatch):
    # Loophole: the check used to pick the network by its test accuracy, against lesson 07's rule. Scramble the
    # test birds' species: every verdict must stay the same (only the final, reported test score may change).
    answers = [[3], [2, 2], [4], [2], [], [8, 8], [1]]
    before = [ex.check_smallest(hidden).status for hidden in answers]
    real = ex.split

    def scrambled(features=ex.FEATURES, task="species", seed=0):
        X_train, X_test, y_train, y_test = real(features, task, seed)
        return X_train, X_test, y_train, np.roll(y_test, 1)

    monkeypatch.setattr(ex, "split", scrambled)
    forget_validation_runs()
    try:
        assert [ex.check_smallest(hidden).status for hidden in answers] == before
    finally:
        forget_validation_runs()
    assert before == ["correct", "hint", "hint", "hint", "hint", "hint", "hint"]


def test_the_test_score_is_reported_once_for_the_final_choice():
    message = ex.check_smallest([3]).message
    assert "validation accuracy of 0.953" in message and "0.971 of them right (99 of 102)" in message
    # The words follow the numbers: [32, 32] is 1 validation bird of 300 ahead of [3], hardly better, not "no better".
    assert ("[] came close (0.947 with 9 parameters, 2 fewer of the 300 validation birds right), and a much bigger "
            "one is hardly better: [32, 32], with 1251 parameters, reaches 0.957 (1 more of the 300 validation birds "
            "right).") in message
    assert [ex._better(n / 300) for n in (-2, 0, 1, 3, 4)] == ["no better"] * 2 + ["hardly better"] * 2 + ["better"]
    for hidden in ([2], [4], [2, 2], []):   # a hint never shows a test score to choose by
        assert "test" not in ex.check_smallest(hidden).message


def test_smallest():
    assert ex.check_smallest([3]).correct
    assert ex.check_smallest((3,)).correct
    assert ex.check_smallest(np.array([3])).correct
    assert ex.check_smallest(...).status == "not attempted"
    assert "not the smallest" in ex.check_smallest([4]).message
    assert "not the smallest" in ex.check_smallest([32, 32]).message
    assert "straight boundaries" in ex.check_smallest([]).message
    assert "same answer" in ex.check_smallest([1]).message
    assert "same answer" in ex.check_smallest([2, 2]).message      # 21 parameters too, but one split dies
    assert "a little wider" in ex.check_smallest([2]).message
    assert "Bigger is not always better" in ex.check_smallest([8, 8]).message
    assert "list of layer sizes" in ex.check_smallest(3).message
    assert "think small" in ex.check_smallest([1000]).message
    assert "whole number" in ex.check_smallest([2.5]).message
    assert "you gave the text" in ex.check_smallest("[3]").message
    assert "Did your function return" in ex.check_smallest(None).message
