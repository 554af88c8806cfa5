"""The checks of lesson 05: right answers pass, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np
import pytest

from exercises import lesson05 as ex


def test_one_step():
    assert ex.check_one_step(0.6).correct
    assert ex.check_one_step(...).status == "not attempted"
    assert "stepped uphill" in ex.check_one_step(-0.6).message
    assert "factor 2" in ex.check_one_step(0.3).message
    assert "forgot the learning rate" in ex.check_one_step(6.0).message
    assert "used the loss" in ex.check_one_step(-0.9).message
    assert "slope at w = 0" in ex.check_one_step(-6.0).message
    assert "minimum" in ex.check_one_step(3.0).message
    assert ex.check_one_step(1.0).status == "hint"


@pytest.mark.parametrize("lr", [0.12, 0.2, 0.25, 0.3, 0.38])
def test_learning_rate_right(lr):
    assert ex.check_learning_rate(lr).correct


def test_learning_rate_hints():
    assert ex.check_learning_rate(...).status == "not attempted"
    assert "too timid" in ex.check_learning_rate(0.01).message
    assert "too timid" in ex.check_learning_rate(0.1).message
    assert "swings" in ex.check_learning_rate(0.45).message
    assert "exactly as far" in ex.check_learning_rate(0.5).message
    assert "FURTHER away" in ex.check_learning_rate(0.6).message
    assert "positive" in ex.check_learning_rate(-0.1).message
    assert "should be a number" in ex.check_learning_rate("0.2").message


def test_parabola_path():
    path = ex.parabola_path(0.25)
    assert path[0] == 5.0 and path[1] == 1.0 and len(path) == 11


def test_mystery_curves_show_their_regimes():
    curves = ex.mystery_curves()
    assert set(curves) == {"A", "B", "C"} and all(len(c) == 60 for c in curves.values())
    assert max(curves["A"]) > 2 * curves["A"][0]                   # overshoots and bounces
    assert curves["B"][-1] > 0.75 * curves["B"][0]                  # a steady slope: a long way still to go
    assert curves["C"][-1] < 0.4 * curves["C"][0]                   # fell and settled
    assert all(b <= a + 1e-9 for a, b in zip(curves["C"][10:], curves["C"][11:]))


def test_regimes():
    right = {"A": "oscillating", "B": "too slow", "C": "good"}
    assert ex.check_regimes(right).correct
    assert ex.check_regimes({"a": "Oscillating", "b": "slow", "c": "good"}).correct
    assert ex.check_regimes(...).status == "not attempted"
    assert "missing: B" in ex.check_regimes({**right, "B": ...}).message
    assert "not divergent" in ex.check_regimes({**right, "A": "divergent"}).message
    assert "ABOVE its starting loss" in ex.check_regimes({**right, "A": "good"}).message
    assert "compare where it ends" in ex.check_regimes({**right, "B": "good"}).message
    assert "never goes up" in ex.check_regimes({**right, "C": "oscillating"}).message
    assert "choose one of" in ex.check_regimes({**right, "C": "fine"}).message
    assert "a dict" in ex.check_regimes("good").message


@pytest.mark.parametrize("answer", [0.6, 0.60, np.float32(0.6), np.array(0.6), [0.6], 3 / 5, 0 - 0.1 * (-6)])
def test_one_step_right_within_rounding(answer):
    assert ex.check_one_step(answer).correct


def test_one_step_near_miss_and_wrong_methods_rounded():
    assert ex.check_one_step(0.62).message.startswith("compute the slope")   # 0.6 is exact: nothing to round
    assert "stepped uphill" in ex.check_one_step(-0.6).message


@pytest.mark.parametrize("answer, words", [(None, "did your function return"), ("0.6", "leave out the quotes"),
                                           (["0.6"], "the list"), ({"w": 0.6}, "dictionary")])
def test_one_step_not_a_number(answer, words):
    message = ex.check_one_step(answer).message
    assert "should be a number" in message and words in message.lower()


@pytest.mark.parametrize("lr", [np.float64(0.2), np.array(0.2), [0.2], np.float32(0.2)])
def test_learning_rate_any_kind_of_number(lr):
    assert ex.check_learning_rate(lr).correct


@pytest.mark.parametrize("lr, words", [(None, "did your function return"), (True, "yes/no"), ("0.2", "quotes")])
def test_learning_rate_not_a_number(lr, words):
    message = ex.check_learning_rate(lr).message
    assert "should be a number, like 0.05" in message and words in message.lower()


def test_learning_rate_one_step_answer_is_acknowledged():
    message = ex.check_learning_rate(0.25).message
    assert ex.check_learning_rate(0.25).correct and "would land" not in message and "your lr = 0.25" in message
    assert "fastest rate here is lr = 0.25 (factor 0: one step)" in ex.check_learning_rate(0.2).message


def test_learning_rate_right_answers_other_than_the_one_step_rate_are_told_why_without_a_non_sequitur():
    result = ex.check_learning_rate(0.3)
    assert result.correct and "fastest rate here is lr = 0.25" in result.message
    assert "the largest lr that works is not the best one" not in result.message
    top = max(lr for lr in np.arange(0.1, 0.45, 0.001) if abs(ex.parabola_path(lr)[-1] - 1) < 0.01)
    assert f"about {top:.2f} on" in result.message  # where the zig-zag stops shrinking fast enough, as computed here


def test_learning_rate_infinite_gets_its_own_hint():
    message = ex.check_learning_rate(float("inf")).message
    assert "infinite" in message and "lr <= 0" not in message


RIGHT_REGIMES = {"A": "oscillating", "B": "too slow", "C": "good"}


def test_regimes_messages_are_true_to_the_curves():
    c = {k: np.array(v) for k, v in ex.mystery_curves().items()}
    message = ex.check_regimes(RIGHT_REGIMES).message
    assert "close to where it started" not in message          # B fell 21%
    assert f"from {c['B'][0]:.3f} to {c['B'][-1]:.3f}" in message and "still falling" in message
    assert np.all(np.diff(c["B"]) < 0) and c["B"][-2] - c["B"][-1] > 0.5 * (c["B"][0] - c["B"][1])  # steady
    assert f"up to {c['A'].max():.1f} in epoch {np.argmax(c['A']) + 1}" in message
    # A ends below C: the message says so rather than leaving a careful learner to wonder why C is the good one
    assert c["A"][-1] < c["C"][-1] and f"{c['A'][-1]:.3f}, a little below C's {c['C'][-1]:.3f}" in message
    assert f"settles smoothly at {c['C'][-1]:.3f}" in message and np.ptp(c["C"][-10:]) < 0.001
    hint = ex.check_regimes({**RIGHT_REGIMES, "A": "good"}).message
    assert f"{c['A'][-1]:.3f} against {c['C'][-1]:.3f}" in hint and "ABOVE its starting loss" in hint


def test_curve_As_rate_from_other_starting_weights_sometimes_ends_above_curve_C():
    """The message says A's lower end is a gamble: from other starting weights lr 5 sometimes ends above lr 2."""
    import dlkit
    X, y = dlkit.datasets.moons(n=200, noise=0.1, seed=1)
    ends = {lr: [dlkit.mlp([2, 8, 1], activation="tanh", output="sigmoid", seed=seed)
                 .fit(X / 6, y, lr=lr, epochs=60, batch_size=len(X)).train_loss[-1] for seed in range(8)]
            for lr in (ex.MYSTERY_LRS["A"], ex.MYSTERY_LRS["C"])}
    assert any(a > c for a, c in zip(*ends.values()))
