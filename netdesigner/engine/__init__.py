"""netdesigner.engine: a NumPy neural-network engine with tf.keras semantics.

NumPy only: never imports design, data or gui. The public API::

    from netdesigner.engine import Network, NodeSpec, Trainer
    net = Network(nodes, edges, rng=np.random.default_rng(0))
    trainer = Trainer(net, "sparse_categorical_crossentropy", {"type": "adam"},
                      x_train, y_train, x_test, y_test, epochs=5)
    for event in trainer.events(): ...
"""

from netdesigner.engine.errors import DivergenceError, EngineError, ShapeError
from netdesigner.engine.events import (
    BatchEvent,
    DivergenceEvent,
    EarlyStopEvent,
    EpochEvent,
    Event,
)
from netdesigner.engine.layers import LAYERS, Layer, create_layer
from netdesigner.engine.losses import LOSSES, Loss, create_loss
from netdesigner.engine.metrics import METRICS, accuracy, confusion_matrix, r2, rmse
from netdesigner.engine.network import Network, NodeSpec
from netdesigner.engine.optimizers import OPTIMIZERS, Optimizer, create_optimizer
from netdesigner.engine.perceptron import PerceptronTrainer
from netdesigner.engine.regularizers import L1L2, create_regularizer
from netdesigner.engine.schedules import SCHEDULES, Schedule, create_schedule
from netdesigner.engine.snapshots import EarlyStopping
from netdesigner.engine.threads import limit_blas_threads, single_thread
from netdesigner.engine.trainer import Trainer

__all__ = [
    "LAYERS",
    "LOSSES",
    "METRICS",
    "OPTIMIZERS",
    "SCHEDULES",
    "BatchEvent",
    "DivergenceError",
    "DivergenceEvent",
    "EarlyStopEvent",
    "EarlyStopping",
    "EngineError",
    "EpochEvent",
    "Event",
    "L1L2",
    "Layer",
    "Loss",
    "Network",
    "NodeSpec",
    "Optimizer",
    "PerceptronTrainer",
    "Schedule",
    "ShapeError",
    "Trainer",
    "accuracy",
    "confusion_matrix",
    "create_layer",
    "create_loss",
    "create_optimizer",
    "create_regularizer",
    "create_schedule",
    "limit_blas_threads",
    "r2",
    "rmse",
    "single_thread",
]
