"""The class hub under load, in a reduced form (the full one is benchmarks/bench_classroom.py): three learners at
once get their own servers, run a lesson in real kernels, then all play the Playground together, driven as their
browsers drive it; everything reported is measured, and every learner's server it started is stopped."""
import time

from classroom import load


def test_three_learners_run_a_lesson_then_play_at_once(trial_hub):
    # On the session's trial hub (tests/conftest.py), as `python -m classroom.load` runs on a hub of its own.
    results = load.main(["--learners", "3", "--lesson", "01_single_node", "--seconds", "3"], hub=trial_hub)
    [result] = results
    assert result["failed"] == 0, result["errors"]
    assert 0 < result["server_start_s"] < 90
    assert 100 < result["memory_mib_per_learner"] < 2000  # a server and a kernel with numpy, matplotlib, dlkit
    assert result["fps_min"] >= 5, result  # every learner got frames, not only the first
    assert 0 < result["kernel_cpu_ms_per_frame"] < 100
    # Nothing of the learners' servers is left running (the hub is the session's: it stops at the session's end).
    deadline = time.monotonic() + 20
    while left := load.learner_processes("class0-"):
        assert time.monotonic() < deadline, f"learner processes left running: {left}"
        time.sleep(0.5)
