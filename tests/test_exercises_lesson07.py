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


HISTORY = dlkit.History(train_loss=[0.9, 0.6, 0.4, 0.3, 0.2, 0.1],
                        train_accuracy=[0.5, 0.7, 0.8, 0.9, 0.95, 1.0],
                        val_loss=[0.9, 0.7, 0.5, 0.45, 0.6, 0.8],
                        val_accuracy=[0.5, 0.6, 0.8, 0.7, 0.85, 0.7])


def test_best_epoch():
    assert ex.check_best_epoch(..., HISTORY).status == "not attempted"
    assert ex.check_best_epoch(4, HISTORY).correct
    assert ex.check_best_epoch(int(np.argmin(HISTORY.val_loss)) + 1, HISTORY).correct
    assert ex.check_best_epoch(np.int64(4), HISTORY).correct


def test_best_epoch_hints():
    def hint(answer, history=HISTORY):
        result = ex.check_best_epoch(answer, history)
        assert result.status == "hint", result
        return result.message

    assert "off by one" in hint(3)
    assert "lowest validation loss itself" in hint(0.45)
    assert "training loss is lowest" in hint(6)
    assert "validation accuracy is highest" in hint(5)
    assert "some epoch has a lower one" in hint(1)
    assert "epochs run from 1 to 6" in hint(9)
    assert "one whole number" in hint("4")
    assert "no validation loss" in hint(4, dlkit.History(train_loss=[0.5]))
