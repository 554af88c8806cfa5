"""Lesson 07's checks: the right answer is correct, typical mistakes get their specific hint, ... is not attempted."""
import numpy as np

import dlkit
from exercises import lesson07 as ex


def test_n_updates():
    assert ex.check_n_updates(...).status == "not attempted"
    assert ex.check_n_updates(320).correct
    assert ex.check_n_updates(320.0).correct
    assert ex.check_n_updates(np.int64(320)).correct


def test_n_updates_hints():
    def hint(answer):
        result = ex.check_n_updates(answer)
        assert result.status == "hint"
        return result.message

    assert "round the batches per epoch up, not down" in hint(300)
    assert "not a whole number" in hint(20 * 500 / 32)
    assert "in one epoch" in hint(16)
    assert "examples the network sees" in hint(10000)
    assert "count the batches in one epoch first" in hint(20)
    assert "multiply by the number of epochs" in hint(123)
    assert "one whole number" in hint("320")


def test_stop_callback():
    def not_attempted(epoch, history):
        return ...

    assert ex.check_stop_callback(not_attempted).status == "not attempted"
    assert ex.check_stop_callback(...).status == "not attempted"

    def stop_when_perfect(epoch, history):
        return history.train_accuracy[-1] == 1.0

    result = ex.check_stop_callback(stop_when_perfect)
    assert result.correct and "stopped after epoch" in result.message


def test_numpy_true_stops_training_too():
    assert ex.check_stop_callback(lambda epoch, history: np.isclose(history.train_accuracy[-1], 1.0)).correct


def test_stop_callback_hints():
    def hint(callback):
        result = ex.check_stop_callback(callback)
        assert result.status == "hint", result
        return result.message

    assert "training never stopped" in hint(lambda epoch, history: None)
    assert "training never stopped" in hint(lambda epoch, history: history.train_accuracy[0] == 1.0)
    assert "at a training accuracy of" in hint(lambda epoch, history: history.train_accuracy[-1] > 0.9)
    assert "at a training accuracy of" in hint(lambda epoch, history: True)
    assert "Stop the first time" in hint(lambda epoch, history: history.train_accuracy[-2:] == [1.0, 1.0])
    assert "use history.train_accuracy" in hint(lambda epoch, history: history.val_accuracy[-1] == 1.0)
    assert "A History has lists" in hint(lambda epoch, history: history.accuracy[-1] == 1.0)
    assert "without brackets" in hint(True)


def test_a_callback_with_the_wrong_arguments_gets_a_plain_message_not_a_type_error():
    def hint(callback):
        result = ex.check_stop_callback(callback)
        assert result.status == "hint", result
        assert "TypeError" not in result.message and "positional argument" not in result.message
        return result.message

    def only_history(history):
        return history.train_accuracy[-1] == 1.0

    def three(epoch, history, extra):
        return True

    assert "takes 1 (history)" in hint(only_history)
    assert "callback(epoch, history)" in hint(only_history)
    assert "takes 3 (epoch, history, extra)" in hint(three)
    assert "takes none" in hint(lambda: True)
    # Extra arguments with defaults, or *args, can be called with two: those are fine.
    assert ex.check_stop_callback(lambda epoch, history, limit=1.0: history.train_accuracy[-1] >= limit).correct
    assert ex.check_stop_callback(lambda *args: args[1].train_accuracy[-1] == 1.0).correct


HISTORY = dlkit.History(train_loss=[0.9, 0.6, 0.4, 0.3, 0.2, 0.1],
                        train_accuracy=[0.5, 0.7, 0.8, 0.9, 0.95, 1.0],
                        val_loss=[0.9, 0.7, 0.5, 0.45, 0.6, 0.8],
                        val_accuracy=[0.5, 0.6, 0.8, 0.7, 0.85, 0.7])


def test_best_epoch():
    assert ex.check_best_epoch(..., HISTORY).status == "not attempted"
    assert ex.check_best_epoch(4, HISTORY).correct
    assert ex.check_best_epoch(int(np.argmin(HISTORY.val_loss)) + 1, HISTORY).correct
    assert ex.check_best_epoch(np.int64(4), HISTORY).correct
    assert ex.check_best_epoch(4.0, HISTORY).correct


def test_best_epoch_hints():
    def hint(answer, history=HISTORY):
        result = ex.check_best_epoch(answer, history)
        assert result.status == "hint", result
        return result.message

    assert "off by one" in hint(3)
    assert "lowest validation loss itself" in hint(0.45)
    # The lowest loss to any sensible number of digits is recognised as the loss, not as a wrong epoch.
    rounded_loss = dlkit.History(train_loss=[0.5, 0.4, 0.3], val_loss=[0.5, 0.21237, 0.4])
    for loss in (0.21, 0.212, 0.2124, 0.21237):
        assert "lowest validation loss itself" in hint(loss, rounded_loss)
    assert "a whole number between 1 and 6" in hint(4.5)
    assert "training loss is lowest" in hint(6)
    assert "validation accuracy is highest" in hint(5)
    assert "some epoch has a lower one" in hint(1)
    assert "epochs run from 1 to 6" in hint(9)
    assert "one whole number" in hint("4")
    assert "Leave out the quotes" in hint("4")
    assert "one whole number" in hint(None)
    assert "inf is not a whole number" in hint(float("inf"))
    assert "no validation loss" in hint(4, dlkit.History(train_loss=[0.5]))


def test_best_epoch_wrong_epoch_shows_enough_digits_to_see_the_difference():
    val = [0.5] * 45
    val[31], val[40] = 0.21180, 0.21230          # best is epoch 32; epoch 41 is 0.212 too, to 3 digits
    history = dlkit.History(train_loss=[0.3] * 45, val_loss=val, val_accuracy=[0.8] * 29 + [0.9] + [0.8] * 15)
    message = ex.check_best_epoch(41, history).message
    assert "0.2123" in message and "0.2118" in message
    assert "off by one" in ex.check_best_epoch(31, history).message
