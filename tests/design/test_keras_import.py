"""tf.keras code opens as a design: parsed (never run), validated, trainable."""

from __future__ import annotations

import pytest

from netdesigner.design.importers import ImportProblem, import_keras_code
from netdesigner.design.session import TrainingSession
from netdesigner.design.validation import validate

FASHION = """
from tensorflow import keras
fashion_mnist = keras.datasets.fashion_mnist
(X_train, y_train), (X_test, y_test) = fashion_mnist.load_data()
X_train = X_train / 255.0
model = keras.models.Sequential()
model.add(keras.layers.Flatten(input_shape=[28, 28]))
model.add(keras.layers.Dense(300, activation="relu"))
model.add(keras.layers.Dense(10, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd",
              metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=1, batch_size=64)
"""

LENET = """
from tensorflow.keras import layers, models
from tensorflow.keras.datasets import mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
model = models.Sequential()
model.add(layers.Conv2D(6, (5, 5), padding="same", activation="relu",
                        input_shape=(28, 28, 1)))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(16, 5, activation="relu"))
model.add(layers.MaxPooling2D(2))
model.add(layers.Flatten())
model.add(layers.Dense(120, activation="relu"))
model.add(layers.Dense(84, activation="relu"))
model.add(layers.Dense(10, activation="softmax"))
model.compile(optimizer=keras.optimizers.Adam(0.001),
              loss="sparse_categorical_crossentropy")
"""

BRANCHES = """
import keras
inputs = keras.Input(shape=(2,))
left = keras.layers.Dense(8, activation="tanh")(inputs)
right = keras.layers.Dense(4, activation="relu", name="right")(inputs)
merged = keras.layers.Concatenate()([left, right])
outputs = keras.layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=2, batch_size=16)
"""


def _trains(design, **dataset) -> float:
    design.dataset.update(dataset)
    session = TrainingSession(design, epochs=1)
    for _ in session.events():
        pass
    return session.history["train_loss"][-1]


def test_course_fashion_mnist_code_imports_validates_and_trains():
    design = import_keras_code(FASHION, "fashion.py", name="fashion")
    assert [n.type for n in design.nodes] == ["Input", "Flatten", "Dense", "Dense"]
    assert design.node("input").params["shape"] == [28, 28, 1]  # the image set's
    assert design.dataset == {"name": "fashion_mnist"}
    assert design.training == {"loss": "sparse_categorical_crossentropy",
                               "optimizer": {"type": "sgd"}, "epochs": 1,
                               "batch_size": 64}  # fmt: skip
    assert [p for p in validate(design) if p.severity == "error"] == []
    assert _trains(design, n_samples=300) > 0
    xs = [n.position[0] for n in design.nodes]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # laid out left to right


def test_lenet_with_model_add_imports_and_trains():
    design = import_keras_code(LENET, "lenet.py")
    assert [n.type for n in design.nodes].count("Conv2D") == 2
    conv = design.nodes[1]
    assert conv.params == {"filters": 6, "kernel_size": [5, 5], "padding": "same",
                           "activation": "relu"}  # fmt: skip
    assert design.training["optimizer"] == {"type": "adam", "learning_rate": 0.001}
    assert design.dataset == {"name": "mnist"}
    assert [p for p in validate(design) if p.severity == "error"] == []
    assert _trains(design, n_samples=200) > 0


def test_functional_two_branches_keep_their_merge_order():
    design = import_keras_code(BRANCHES, "branches.py")
    merge = next(n for n in design.nodes if n.type == "Concatenate")
    assert design.inputs_of(merge.id) == ["dense_1", "right"]
    assert design.training["epochs"] == 2
    assert [p for p in validate(design) if p.severity == "error"] == []
    assert _trains(design, name="circle", n_samples=100) > 0


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("x = keras.layers.Lambda(lambda t: t * 2)(inputs)", "no layer 'Lambda'"),
        ("x = keras.layers.Dense(4, kernel_constraint=c)(inputs)", "plain value"),
        ("x = keras.layers.Dense(4, dilation=2)(inputs)", "no argument 'dilation'"),
        ("x = MyLayer(4)(inputs)", "no layer 'MyLayer'"),
    ],
)
def test_unsupported_code_is_one_sentence_with_its_line(line, needle):
    source = f"import keras\ninputs = keras.Input(shape=(2,))\n{line}\n"
    source += "model = keras.Model(inputs, x)\n"
    with pytest.raises(ImportProblem) as info:
        import_keras_code(source, "mine.py")
    message = str(info.value)
    assert message.startswith("mine.py, line 3: ") and needle in message
    assert "\n" not in message


def test_unknown_keras_dataset_is_refused_by_name():
    source = "import keras\nkeras.datasets.imdb.load_data()\n" + FASHION
    with pytest.raises(ImportProblem, match=r"line 2: .*no built-in data set 'imdb'"):
        import_keras_code(source, "x.py")


def test_code_without_a_model_is_refused():
    with pytest.raises(ImportProblem, match="found none"):
        import_keras_code("print('hello')\n", "x.py")
