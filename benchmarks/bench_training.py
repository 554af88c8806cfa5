"""How fast does dlkit train? Compared, in one process, with a plain numpy loop and scikit-learn.

The same network everywhere: 64 -> 128 -> 64 -> 10, ReLU, softmax + cross-entropy, plain SGD with
lr 0.1, batches of 32, 20 epochs on the handwritten digits (75% train split, pixels scaled to [0, 1]).
The plain loop is the least code that does this job: what dlkit's readability may cost is the
difference. Run: .venv/bin/python benchmarks/bench_training.py
"""
import subprocess
import sys
import time
import warnings

import numpy as np

import dlkit
from dlkit.datasets import load_digits, train_test_split

SIZES, LR, BATCH, EPOCHS, REPEATS = [64, 128, 64, 10], 0.1, 32, 20, 10


def data():
    X, y = load_digits()
    return train_test_split(X / 16.0, y, test_ratio=0.25, seed=0)


def train_dlkit(X, y, X_test, y_test):
    net = dlkit.mlp(SIZES, activation="relu", output="softmax", seed=0)
    net.fit(X, y, lr=LR, epochs=EPOCHS, batch_size=BATCH, seed=0)
    return np.mean(net.predict(X_test) == y_test)


def train_plain_numpy(X, y, X_test, y_test):
    """A hand-written loop: He init, forward, softmax-cross-entropy gradient, backward, SGD."""
    rng = np.random.default_rng(0)
    Ws = [rng.normal(0, np.sqrt(2 / a), (a, b)) for a, b in zip(SIZES, SIZES[1:])]
    bs = [np.zeros(b) for b in SIZES[1:]]
    Y = np.eye(10)[y]
    for _ in range(EPOCHS):
        order = rng.permutation(len(X))
        for start in range(0, len(X), BATCH):
            idx = order[start:start + BATCH]
            acts = [X[idx]]
            for i, (W, b) in enumerate(zip(Ws, bs)):
                z = acts[-1] @ W + b
                acts.append(np.maximum(z, 0) if i < len(Ws) - 1 else z)
            z = acts[-1] - acts[-1].max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            grad = (p - Y[idx]) / len(idx)
            for i in reversed(range(len(Ws))):
                dW, db = acts[i].T @ grad, grad.sum(axis=0)
                if i:
                    grad = (grad @ Ws[i].T) * (acts[i] > 0)
                Ws[i] -= LR * dW
                bs[i] -= LR * db
    h = X_test
    for i, (W, b) in enumerate(zip(Ws, bs)):
        h = h @ W + b
        h = np.maximum(h, 0) if i < len(Ws) - 1 else h
    return np.mean(h.argmax(axis=1) == y_test)


def train_sklearn(X, y, X_test, y_test):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    clf = MLPClassifier(hidden_layer_sizes=SIZES[1:-1], activation="relu", solver="sgd", learning_rate_init=LR,
                        momentum=0.0, nesterovs_momentum=False, alpha=0.0, batch_size=BATCH, max_iter=EPOCHS,
                        tol=0.0, n_iter_no_change=EPOCHS + 1, shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 20 epochs on purpose
        clf.fit(X, y)
    return clf.score(X_test, y_test)


def best_times(contenders, *args) -> dict:
    """The fastest of a few runs of each, the runs taken in turns (one of each, then again): a burst of
    load on the machine then slows every contender alike instead of one, so the ratios stay fair. Timed in CPU
    time of this process (one thread, see main): time spent waiting while other work has the core is not counted."""
    times, results = {name: [] for name in contenders}, {}
    for _ in range(REPEATS):
        for name, fn in contenders.items():
            start = time.process_time()
            results[name] = fn(*args)
            times[name].append(time.process_time() - start)
    return {name: (min(times[name]), results[name]) for name in contenders}


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import dlkit; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(5))


def main():
    from threadpoolctl import threadpool_limits  # comes with scikit-learn
    X, X_test, y, y_test = data()
    print(f"digits: {len(X)} training examples, network {SIZES}, {EPOCHS} epochs, batch {BATCH}, lr {LR}, "
          "one BLAS thread")
    # One BLAS thread for all three: with matrices this small, a second thread mostly adds noise, and on a shared
    # two-core machine it makes every ratio swing with whatever else runs.
    with threadpool_limits(limits=1):
        results = best_times({"plain numpy loop": train_plain_numpy, "dlkit": train_dlkit,
                              "scikit-learn MLP": train_sklearn}, X, y, X_test, y_test)
    base = results["plain numpy loop"][0]
    print(f"{'':18} {'ms/epoch':>9} {'vs plain':>9} {'test acc':>9}")
    for name, (seconds, accuracy) in results.items():
        print(f"{name:18} {1000 * seconds / EPOCHS:9.2f} {seconds / base:8.2f}x {accuracy:9.3f}")
    dl, sk = results["dlkit"][0], results["scikit-learn MLP"][0]
    print(f"dlkit is {dl / base:.2f}x the plain loop's time (target <= 1.3x) and "
          f"{sk / dl:.2f}x faster than scikit-learn (target >= 2x)")
    print(f"import dlkit: {1000 * import_time():.0f} ms (target well under 200 ms)")


if __name__ == "__main__":
    main()
