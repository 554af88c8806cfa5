"""Checking backpropagation against finite differences.

Backprop gives every gradient in one backward pass. A slower but obviously correct way to get the
same numbers is to nudge each weight a tiny bit up and down and watch the loss change:
``dL/dw ~ (L(w + eps) - L(w - eps)) / (2 eps)``. If the two agree to many digits, backward is right.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .losses import get_loss
from .validate import as_inputs, positive_float

ROUNDING = 1e-15  # relative rounding error of one loss evaluation in float64 (a few units of 2.2e-16)
RESOLVABLE = 100  # a gradient must be this many times the finite differences' noise to be checked at all


@dataclass
class GradcheckRow:
    name: str             # parameter name, e.g. 'dense0.W'
    shape: tuple
    max_abs_diff: float   # largest |backprop - finite difference| over the array's entries
    relative_error: float  # ||backprop - numeric|| / (||backprop|| + ||numeric||)
    tolerance: float      # the relative error allowed for this array (looser for small gradients, see below)
    status: str           # "ok", "MISMATCH" or "too small to check"


class GradcheckReport:
    """Per-parameter agreement between backprop and finite differences."""

    def __init__(self, rows: list[GradcheckRow], tolerance: float):
        self.rows, self.tolerance = rows, tolerance

    @property
    def mismatched(self) -> list[GradcheckRow]:
        return [r for r in self.rows if r.status == "MISMATCH"]

    @property
    def too_small(self) -> list[GradcheckRow]:
        return [r for r in self.rows if r.status == "too small to check"]

    @property
    def max_error(self) -> float:
        """The largest relative error among the arrays that could be checked."""
        return max((r.relative_error for r in self.rows if r.status != "too small to check"), default=0.0)

    @property
    def ok(self) -> bool:
        """True only if every array was checked and agrees: too small to check is not OK."""
        return all(r.status == "ok" for r in self.rows)

    @property
    def verdict(self) -> str:
        if self.mismatched:
            return f"MISMATCH: largest relative error {self.max_error:.1e} (tolerance {self.tolerance:g})"
        if self.too_small:
            names = ", ".join(r.name for r in self.too_small)
            return (f"TOO SMALL TO CHECK: the gradients of {names} are too small for finite differences to "
                    f"resolve (they drown in rounding noise), so backprop cannot be confirmed there; the rest "
                    f"agree (largest relative error {self.max_error:.1e}).")
        return f"OK: largest relative error {self.max_error:.1e} (tolerance {self.tolerance:g})"

    def __repr__(self):
        lines = [f"{'parameter':<12} {'shape':<10} {'max |diff|':>11} {'rel. error':>11}"]
        for r in self.rows:
            note = "" if r.status == "ok" else f"  {r.status}"
            error = "-" if r.status == "too small to check" else f"{r.relative_error:.1e}"
            lines.append(f"{r.name:<12} {str(r.shape):<10} {r.max_abs_diff:>11.1e} {error:>11}{note}")
        lines.append(self.verdict)
        return "\n".join(lines)


def gradcheck(net, loss, X, y, eps: float = 1e-5, tolerance: float = 1e-6) -> GradcheckReport:
    """Compare the gradient of every parameter from ``backward`` with central finite differences.

    eps = 1e-5 balances the two errors of a finite difference in float64: the formula's own error
    grows like eps^2, rounding error like 1e-16 / eps. Uses the same loss path as training (including the
    fused softmax/sigmoid + cross-entropy). Dropout is off during the check, so both methods see the same
    function. Cost: two forward passes per weight, so use a small network and a few examples.

    Finite differences cannot see below their own rounding noise, about 1e-15 * (|loss| + the predictions' size,
    weighted by how much the loss moves with each: sum |dL/dy_hat * y_hat|) / eps per entry. An
    array whose gradients are within 100 times that noise is reported "too small to check" (never OK: a
    wrong backward hides there, e.g. in a network whose gradients vanish); above it, the tolerance is
    loosened to what the noise allows for that array (3 times noise / gradient size).
    """
    eps = positive_float(eps, "eps")
    X = as_inputs(X, n_features=net.n_inputs, before="checking gradients")
    loss = get_loss(loss) if loss is not None else net.default_loss()
    y = net.check_targets(loss, X, y)
    with net.train_mode(False):  # put back as it was afterwards, even if the check is interrupted
        return _check(net, loss, X, y, eps, tolerance)


def _check(net, loss, X, y, eps, tolerance) -> GradcheckReport:
    noise_per_entry = _rounding_noise(net, X, y, loss) / eps
    net.gradients(X, y, loss, checked=True)  # backprop: the gradients to check, from the same path as training
    rows = []
    for name, p in net.named_parameters():
        analytic = p.grad.copy()
        numeric = np.zeros_like(p.value)
        for i in np.ndindex(p.value.shape):
            original = p.value[i]
            try:
                p.value[i] = original + eps
                up = net.loss(X, y, loss, checked=True)
                p.value[i] = original - eps
                down = net.loss(X, y, loss, checked=True)
            finally:
                p.value[i] = original  # put the weight back exactly, even if interrupted
            numeric[i] = (up - down) / (2 * eps)
        diff = np.linalg.norm(analytic - numeric)
        scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        noise = noise_per_entry * np.sqrt(p.value.size)
        allowed = max(tolerance, 3 * noise / scale) if scale > 0 else tolerance
        if scale == 0:  # both exactly 0 (e.g. a dead unit): they agree exactly
            status, rel = "ok", 0.0
        elif scale < RESOLVABLE * noise:
            status, rel = "too small to check", float(diff / scale)
        else:
            rel = float(diff / scale)
            status = "ok" if rel < allowed else "MISMATCH"
        rows.append(GradcheckRow(name, p.value.shape, float(np.max(np.abs(analytic - numeric))), rel,
                                 float(allowed), status))
    return GradcheckReport(rows, tolerance)


def _rounding_noise(net, X, y, loss) -> float:
    """How far one evaluation of the loss may be off by rounding alone. Its own last digits (ROUNDING * |loss|), and
    every prediction's: a prediction of size 1e6 is only known to about 1e6 * ROUNDING, and the loss moves with it
    by dLoss/dy_hat. So a small loss from large predictions (large targets, nearly met) is still noisy."""
    value, grad, _, body = net._loss_and_gradient(X, y, loss)
    out = X
    for layer in body:  # what the loss was computed from: the outputs (the scores, for a fused sigmoid or softmax)
        out = layer.forward(out)
    return ROUNDING * (abs(value) + float(np.sum(np.abs(grad * out))))
