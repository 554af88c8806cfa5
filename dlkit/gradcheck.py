"""Checking backpropagation against finite differences.

Backprop gives every gradient in one backward pass. A slower but obviously correct way to get the
same numbers is to nudge each weight a tiny bit up and down and watch the loss change:
``dL/dw ~ (L(w + eps) - L(w - eps)) / (2 eps)``. If the two agree to many digits, backward is right.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .losses import get_loss
from .network import Network, default_loss
from .validate import as_inputs, positive_float

SCALE_FLOOR = 1e-4


@dataclass
class GradcheckRow:
    name: str             # parameter name, e.g. 'dense0.W'
    shape: tuple
    max_abs_diff: float   # largest |backprop - finite difference| over the array's entries
    relative_error: float  # ||backprop - numeric|| / max(||backprop|| + ||numeric||, SCALE_FLOOR)


class GradcheckReport:
    """Per-parameter agreement between backprop and finite differences."""

    def __init__(self, rows: list[GradcheckRow], tolerance: float):
        self.rows, self.tolerance = rows, tolerance

    @property
    def max_error(self) -> float:
        return max(r.relative_error for r in self.rows)

    @property
    def ok(self) -> bool:
        return self.max_error < self.tolerance

    def __repr__(self):
        lines = [f"{'parameter':<12} {'shape':<10} {'max |diff|':>11} {'rel. error':>11}"]
        for r in self.rows:
            lines.append(f"{r.name:<12} {str(r.shape):<10} {r.max_abs_diff:>11.1e} {r.relative_error:>11.1e}")
        verdict = "OK" if self.ok else "MISMATCH"
        lines.append(f"{verdict}: largest relative error {self.max_error:.1e} (tolerance {self.tolerance:g})")
        return "\n".join(lines)


def gradcheck(net: Network, loss, X, y, eps: float = 1e-5, tolerance: float = 1e-6) -> GradcheckReport:
    """Compare the gradient of every parameter from ``backward`` with central finite differences.

    eps = 1e-5 balances the two errors of a finite difference in float64: the formula's own error
    grows like eps^2, rounding error like 1e-16 / eps. Uses the same loss path as training (including the fused softmax/sigmoid + cross-entropy).
    Dropout is off during the check, so both methods see the same function. Cost: two forward passes
    per weight, so use a small network and a few examples.
    """
    eps = positive_float(eps, "eps")
    X = as_inputs(X, n_features=net.n_inputs)
    loss = get_loss(loss) if loss is not None else default_loss(net)
    body, fused, y = net._training_setup(loss, X, y)
    net._set_training(False)

    def loss_value():
        return fused(Network._forward(X, body), y)

    loss_value()
    Network._backward(fused.backward(), body)
    rows = []
    for p in net.parameters():
        analytic = p.grad.copy()
        numeric = np.zeros_like(p.value)
        for i in np.ndindex(p.value.shape):
            original = p.value[i]
            p.value[i] = original + eps
            up = loss_value()
            p.value[i] = original - eps
            down = loss_value()
            p.value[i] = original  # put the weight back exactly
            numeric[i] = (up - down) / (2 * eps)
        diff = np.linalg.norm(analytic - numeric)
        # Relative to the gradient's size, but never to less than SCALE_FLOOR: for a nearly-zero
        # gradient the finite difference's own rounding noise (~1e-10) would dominate the ratio.
        scale = max(np.linalg.norm(analytic) + np.linalg.norm(numeric), SCALE_FLOOR)
        rel = diff / scale
        rows.append(GradcheckRow(p.name, p.value.shape, float(np.max(np.abs(analytic - numeric))), float(rel)))
    return GradcheckReport(rows, tolerance)
