"""Classification and regression metrics."""

import numpy as np
import pytest

from netdesigner.engine.errors import EngineError
from netdesigner.engine.metrics import (
    METRICS,
    accuracy,
    confusion_matrix,
    default_threshold,
    r2,
    rmse,
)


def test_multiclass_accuracy_with_indices_and_one_hot():
    y = np.array([[0.1, 0.8, 0.1], [0.7, 0.2, 0.1], [0.2, 0.2, 0.6], [0.5, 0.4, 0.1]])
    t = np.array([1, 0, 1, 0])
    assert accuracy(y, t) == 0.75
    assert accuracy(y, np.eye(3)[t]) == 0.75


def test_single_output_thresholds():
    sig = np.array([[0.9], [0.4], [0.6]])
    assert accuracy(sig, np.array([1, 0, 0])) == pytest.approx(2 / 3)
    tanh = np.array([[0.2], [-0.3], [-0.1]])
    t = np.array([[1.0], [-1.0], [1.0]])
    assert default_threshold(t) == 0.0
    assert accuracy(tanh, t, threshold=default_threshold(t)) == pytest.approx(2 / 3)
    assert accuracy(tanh, t, threshold=0.5) == pytest.approx(1 / 3)


def test_confusion_matrix_rows_are_true_classes():
    y = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    cm = confusion_matrix(y, np.array([0, 1, 1]), n_classes=2)
    assert cm.tolist() == [[1, 0], [1, 1]]
    with pytest.raises(EngineError, match="2 classes"):
        confusion_matrix(y, np.array([0, 1, 2]), n_classes=2)


def test_regression_metrics():
    t = np.array([[1.0], [2.0], [3.0]])
    assert rmse(t + 1, t) == pytest.approx(1.0)
    assert r2(t, t) == 1.0
    assert r2(np.full_like(t, 2.0), t) == pytest.approx(0.0)
    assert np.isnan(r2(t, np.ones_like(t)))
    assert set(METRICS.names()) >= {"accuracy", "rmse", "r2"}


def test_length_mismatch():
    with pytest.raises(EngineError, match="same number of samples"):
        accuracy(np.zeros((3, 2)), np.zeros(2, dtype=int))
