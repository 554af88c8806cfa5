"""How many learners can this server hold? The class hub's load test in full (classroom/load.py): one learner runs
lessons 00-13 (memory), then classes of 1, 5, 10 and 20 learners each run a lesson and play the Playground at
once. The README's sizing table comes from its output. Run: .venv/bin/python benchmarks/bench_classroom.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classroom import load  # noqa: E402

if __name__ == "__main__":
    load.main(["--learners", "1", "5", "10", "20", "--all-lessons", "--seconds", "5", *sys.argv[1:]])
