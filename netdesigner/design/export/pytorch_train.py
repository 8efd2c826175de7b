"""The training half of the PyTorch script: loss, metric, optimizer and the loop.

The loss is computed as tf.keras computes it from the model's outputs (probabilities
clipped to [1e-7, 1 − 1e-7] for the cross-entropies), so the numbers printed match
NetDesigner's and Keras's. A lone step neuron (the perceptron lessons) is trained
with Rosenblatt's rule instead, as NetDesigner does.
"""

from __future__ import annotations

from netdesigner.design.export import pytorch_detection as detection
from netdesigner.design.export.base import ExportError
from netdesigner.design.export.codegen import WIDTH, CodeWriter, literal
from netdesigner.design.export.common import (
    ScriptSettings,
    perceptron_node,
    write_load_data,
    write_parse_args,
    write_perceptron_rule,
    write_schedule,
    write_starting_model_head,
)
from netdesigner.design.export.graph import ExportGraph
from netdesigner.engine.errors import EngineError
from netdesigner.engine.regularizers import create_regularizer

_CLIP = "y_pred.clamp(1e-7, 1 - 1e-7)"

#: loss name -> body of ``loss_fn(y_pred, y_true)``
TORCH_LOSSES: dict[str, list[str]] = {
    "mean_squared_error": ["return F.mse_loss(y_pred, y_true)"],
    "half_mean_squared_error": ["return 0.5 * F.mse_loss(y_pred, y_true)"],
    "mean_absolute_error": ["return F.l1_loss(y_pred, y_true)"],
    "huber": ["return F.huber_loss(y_pred, y_true, delta=1.0)"],
    "hinge": ["return torch.clamp(1 - y_true * y_pred, min=0).mean()  # -1/+1 targets"],
    "binary_crossentropy": [f"return F.binary_cross_entropy({_CLIP}, y_true)"],
    "categorical_crossentropy": [
        f"return -(y_true * torch.log({_CLIP})).sum(dim=-1).mean()"
    ],
    "sparse_categorical_crossentropy": [
        "# PyTorch code often drops the softmax and uses F.cross_entropy on logits;",
        "# this keeps the design's softmax output, as tf.keras does.",
        f"return F.nll_loss(torch.log({_CLIP}), y_true)",
    ],
}

#: targets' form -> (metric name, expression of right answers or the metric)
TORCH_METRICS: dict[str, tuple[str, str]] = {
    "index": ("accuracy", "y_pred.argmax(dim=1) == y_true"),
    "one_hot": ("accuracy", "y_pred.argmax(dim=1) == y_true.argmax(dim=1)"),
    "zero_one": ("accuracy", "(y_pred > 0.5) == (y_true > 0.5)"),
    "signed": ("accuracy", "(y_pred > 0) == (y_true > 0)"),
    "value": ("rmse", ""),
}

#: EarlyStopping monitor -> (the loop's value, True when higher is better)
MONITORS = {
    "val_loss": ("test_loss", False),
    "loss": ("train_loss", False),
    "val_accuracy": ("test_metric", True),
    "accuracy": ("train_metric", True),
}


def _flatten_output(w: CodeWriter, graph: ExportGraph) -> None:
    """An image-shaped output is compared with the targets as one row per example."""
    if len(graph.output.output_shape) > 1:
        w.line("y_pred = y_pred.flatten(1)  # one row of outputs per example")


def write_loss(w: CodeWriter, settings: ScriptSettings, graph: ExportGraph) -> None:
    body = TORCH_LOSSES.get(settings.loss)
    if body is None:
        raise ExportError(
            f"the PyTorch export has no loss {settings.loss!r}; expected one of: "
            f"{', '.join(TORCH_LOSSES)}"
        )
    with w.block("def loss_fn(y_pred, y_true):"):
        w.line(f'"""The design\'s loss, {settings.loss}, as tf.keras computes it."""')
        _flatten_output(w, graph)
        w.extend(body)


def write_metric(w: CodeWriter, settings: ScriptSettings, graph: ExportGraph) -> str:
    name, right = TORCH_METRICS[settings.encoding.kind]
    with w.block(f"def {name}(y_pred, y_true):"):
        if name == "rmse":
            w.line('"""Root mean squared error."""')
            w.line("return torch.sqrt(F.mse_loss(y_pred, y_true)).item()")
        else:
            w.line('"""Share of examples whose predicted class is right."""')
            _flatten_output(w, graph)
            w.line(f"return ({right}).float().mean().item()")
    return name


def _penalties(graph: ExportGraph, names: dict[str, str]) -> list[str]:
    terms = []
    for node in graph.nodes:
        try:
            reg = create_regularizer(node.params.get("kernel_regularizer"))
        except EngineError as exc:
            raise ExportError(f"node '{node.id}': {exc}") from None
        weight = f"model.{names[node.id]}.weight"
        if reg is not None and reg.l1:
            terms.append(f"{literal(reg.l1)} * {weight}.abs().sum()")
        if reg is not None and reg.l2:
            terms.append(f"{literal(reg.l2)} * {weight}.pow(2).sum()")
    return terms


def write_penalty(w: CodeWriter, graph: ExportGraph, names: dict[str, str]) -> bool:
    terms = _penalties(graph, names)
    if not terms:
        return False
    with w.block("def penalty(model):"):
        w.line(
            '"""The kernel regularizers\' term, added to the loss as tf.keras does."""'
        )
        joined = " + ".join(terms)
        if len(joined) + 11 <= WIDTH:  # "    return " + joined
            w.line("return " + joined)
        elif len(joined) + 8 <= WIDTH:  # inside parentheses, one line
            with w.block("return (", ")"):
                w.line(joined)
        else:
            with w.block("return (", ")"):
                w.line(terms[0])
                w.extend(f"+ {term}" for term in terms[1:])
    return True


def _optimizer_call(config: dict) -> tuple[str, list[str]]:
    c = dict(config)
    kind = str(c.pop("type", "adam")).lower()
    lr = f"lr={literal(c.get('learning_rate'))}"
    betas = (
        f"betas=({literal(c.get('beta_1', 0.9))}, {literal(c.get('beta_2', 0.999))})"
    )
    eps = f"eps={literal(c.get('epsilon', 1e-7))}"
    calls = {
        "sgd": ("SGD", [lr, f"momentum={literal(c.get('momentum', 0.0))}",
                        f"nesterov={c.get('nesterov', False)}"]),
        "rmsprop": ("RMSprop", [lr, f"alpha={literal(c.get('rho', 0.9))}", eps,
                                f"momentum={literal(c.get('momentum', 0.0))}",
                                f"centered={c.get('centered', False)}"]),
        "adagrad": ("Adagrad", [lr, eps, "initial_accumulator_value="
                                f"{literal(c.get('initial_accumulator_value', 0.1))}"]),
        "adam": ("Adam", [lr, betas, eps, f"amsgrad={c.get('amsgrad', False)}"]),
        "adamw": ("AdamW", [lr, betas, eps,
                            f"weight_decay={literal(c.get('weight_decay', 0.004))}",
                            f"amsgrad={c.get('amsgrad', False)}"]),
    }  # fmt: skip
    if kind not in calls:
        raise ExportError(
            f"the PyTorch export has no optimizer {kind!r}; expected one of: "
            f"{', '.join(calls)}"
        )
    cls, args = calls[kind]
    return f"torch.optim.{cls}", args


def write_optimizer(w: CodeWriter, settings: ScriptSettings) -> None:
    function, args = _optimizer_call(settings.optimizer)
    with w.block("def make_optimizer(model):"):
        w.line(
            '"""The design\'s optimizer with tf.keras\'s defaults (e.g. eps 1e-7)."""'
        )
        w.line("trainable = [p for p in model.parameters() if p.requires_grad]")
        w.call("return ", function, ["trainable", *args])


def write_evaluate(w: CodeWriter, metric: str) -> None:
    with w.block("def evaluate(model, x, y, batch_size=1000):"):
        w.line(
            f'"""Loss and {metric} on (x, y) in evaluation mode, without gradients."""'
        )
        w.line("model.eval()")
        with w.block("with torch.no_grad():"):
            w.line("parts = [model(x[i : i + batch_size]) for i in range(0, len(x), "
                   "batch_size)]")  # fmt: skip
            w.line("y_pred = torch.cat(parts)")
        w.line(f"return loss_fn(y_pred, y).item(), {metric}(y_pred, y)")


def _write_clipping(w: CodeWriter, settings: ScriptSettings) -> None:
    o = settings.optimizer
    if o.get("clipvalue"):
        value = literal(o["clipvalue"])
        w.line(f"torch.nn.utils.clip_grad_value_(model.parameters(), {value})")
    if o.get("global_clipnorm"):
        w.line("torch.nn.utils.clip_grad_norm_(model.parameters(), "
               f"{literal(o['global_clipnorm'])})")  # fmt: skip
    if o.get("clipnorm"):
        w.line("# clipnorm: each weight array's gradient on its own, as tf.keras")
        with w.block("for parameter in model.parameters():"):
            w.line(
                f"torch.nn.utils.clip_grad_norm_([parameter], {literal(o['clipnorm'])})"
            )


def _write_early_stopping(w: CodeWriter, settings: ScriptSettings) -> None:
    stop = settings.early_stopping
    monitor = stop.get("monitor", "val_loss")
    if monitor not in MONITORS:
        raise ExportError(
            f"early stopping on {monitor!r} cannot be exported; expected one of: "
            f"{', '.join(MONITORS)}"
        )
    if monitor.endswith("accuracy") and settings.encoding.kind == "value":
        raise ExportError(
            f"early stopping on {monitor!r} needs a classification data set; the "
            "design's data set is a regression one, so monitor 'val_loss'"
        )
    variable, higher_is_better = MONITORS[monitor]
    value = f"-{variable}" if higher_is_better else variable
    if variable == "train_metric":
        w.line("_, train_metric = evaluate(net, x_train, y_train)")
    w.line(f"# early stopping on {monitor}, as keras.callbacks.EarlyStopping")
    with w.block(f"if {value} < best - {literal(stop.get('min_delta', 0.0))}:"):
        w.line(f"best, waited = {value}, 0")
        w.line("best_state = copy.deepcopy(net.state_dict())")
    with w.block("else:"):
        w.line("waited += 1")
        with w.block(f"if waited >= {int(stop.get('patience', 0))} and epoch > 0:"):
            w.line('print("early stop: no improvement")')
            w.line("break")


def _write_epoch(w, settings: ScriptSettings, metric: str, schedule: bool, pen: bool):
    if schedule:
        with w.block("for group in optimizer.param_groups:"):
            w.line('group["lr"] = learning_rate(epoch)')
    w.line("model.train()")
    w.line("order = torch.randperm(len(x_train), generator=shuffle)")
    w.line("total = torch.zeros((), device=device)")
    with w.block("for start in range(0, len(x_train), batch_size):"):
        w.line("batch = order[start : start + batch_size]")
        w.line("share = batch[rank::world]  # this process's part (all of it alone)")
        w.line("optimizer.zero_grad()")
        w.line("loss = loss_fn(model(x_train[share]), y_train[share])")
        if pen:
            w.line("loss = loss + penalty(net)")
        w.line("total += loss.detach() * len(share)")
        with w.block("if world > 1:"):
            w.line("# DDP averages the processes' gradients: weigh each share by its")
            w.line("# size, so that the step is the one of the whole batch")
            w.line("loss = loss * (len(share) * world / len(batch))")
        w.line("loss.backward()")
        _write_clipping(w, settings)
        w.line("optimizer.step()")
    with w.block("if world > 1:"):
        w.line("dist.all_reduce(total)  # the sum over every process's shares")
    w.line("train_loss = total.item() / len(x_train)")
    w.line("test_loss, test_metric = evaluate(net, x_test, y_test)")
    with w.block("if rank == 0:"):
        with w.block("print(", ")"):
            w.line('f"epoch {epoch + 1}/{epochs}: loss {train_loss:.4f}, "')
            w.line(
                f'f"test loss {{test_loss:.4f}}, test {metric} {{test_metric:.4f}}",'
            )
            w.line("flush=True,")
    if settings.early_stopping:
        _write_early_stopping(w, settings)


def write_devices(w: CodeWriter) -> None:
    """``pick_device()`` and ``start_ddp(device)``."""
    with w.block("def pick_device():"):
        w.line('"""CUDA when present, else Apple\'s MPS, else the CPU."""')
        with w.block("if torch.cuda.is_available():"):
            w.line('return torch.device("cuda")')
        with w.block("if torch.backends.mps.is_available():"):
            w.line('return torch.device("mps")')
        w.line('return torch.device("cpu")')
    w.blank(2)
    with w.block("def start_ddp(device):"):
        w.docstring(
            "Join the processes torchrun started; returns (device, rank, world).\n\n"
            "torchrun sets RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and "
            "MASTER_PORT. GPUs talk through NCCL, one per process; CPUs through gloo."
        )
        with w.block('if device.type == "cuda":'):
            w.line('device = torch.device("cuda", int(os.environ["LOCAL_RANK"]))')
            w.line("torch.cuda.set_device(device)")
        w.line('dist.init_process_group("nccl" if device.type == "cuda" else "gloo")')
        w.line("return device, dist.get_rank(), dist.get_world_size()")


def write_starting_model(
    w: CodeWriter, settings: ScriptSettings, attrs: list[str]
) -> None:
    """``starting_model(from_scratch)`` for a design with frozen layers, whose
    ``Net`` attributes are ``attrs``."""
    with w.block("def starting_model(from_scratch=False):"):
        write_starting_model_head(w, settings)
        with w.block(f"for name in {literal(attrs)}:"):
            w.line("getattr(model, name).load_state_dict(")
            w.line("    getattr(trained, name).state_dict()")
            w.line(")")
        w.line("return model")


def _write_main(w, settings: ScriptSettings, metric: str, schedule: bool, pen: bool):
    with w.block('if __name__ == "__main__":'):
        w.line("args = parse_args()")
        w.line(f"torch.manual_seed({settings.seed})")
        w.line("device, rank, world = pick_device(), 0, 1")
        with w.block("if args.ddp:"):
            w.line("device, rank, world = start_ddp(device)")
        with w.block("if rank == 0:"):
            w.line('print(f"device: {device}, processes: {world}", flush=True)')
        w.line("(x_train, y_train), (x_test, y_test) = load_data()")
        w.line("x_train = torch.from_numpy(x_train).to(device)")
        w.line("y_train = torch.from_numpy(y_train).to(device)")
        w.line("x_test = torch.from_numpy(x_test).to(device)")
        w.line("y_test = torch.from_numpy(y_test).to(device)")
        if settings.frozen:
            w.line("net = starting_model(args.from_scratch).to(device)")
        else:
            w.line("# Fresh weights, as the course trains; build_model() alone would")
            w.line("# start from the weights NetDesigner trained.")
            w.line("net = build_model(weights_file=None).to(device)")
        w.line("model = net  # what trains: the module, or DDP around it")
        with w.block("if args.ddp:"):
            w.line("# every process holds the whole model; DDP averages the gradients")
            w.line('ids = [device.index] if device.type == "cuda" else None')
            w.line("model = DDP(net, device_ids=ids)")
        w.line("optimizer = make_optimizer(net)")
        w.line("epochs, batch_size = args.epochs, args.batch_size")
        w.line("# the same order in every process: each takes its share of a batch")
        w.line(f"shuffle = torch.Generator().manual_seed({settings.seed})")
        if settings.early_stopping:
            w.line("best, best_state, waited = math.inf, None, 0")
        with w.block("for epoch in range(epochs):"):
            _write_epoch(w, settings, metric, schedule, pen)
        if settings.early_stopping and settings.early_stopping.get(
            "restore_best_weights"
        ):
            with w.block("if best_state is not None:"):
                w.line("net.load_state_dict(best_state)  # restore_best_weights")
        w.line("test_loss, test_metric = evaluate(net, x_test, y_test)")
        with w.block("if rank == 0:"):
            w.line(f'print(f"test {metric}: {{test_metric:.4f}}")')
        with w.block("if args.ddp:"):
            # every process finishes before any tears the group down: a process
            # that leaves early makes the others' connections abort
            w.line("dist.barrier()")
            w.line("dist.destroy_process_group()")


def _write_perceptron_main(
    w: CodeWriter, graph: ExportGraph, settings: ScriptSettings, names: dict[str, str]
) -> None:
    layer = f"model.{names[perceptron_node(graph).id]}"
    with w.block("def get_neuron(model):"):
        w.line(
            '"""The neuron\'s weights as NumPy arrays: kernel (in, 1), bias (1,)."""'
        )
        w.line(f"kernel = {layer}.weight.detach().numpy().T.copy()")
        w.line(f"return kernel, {layer}.bias.detach().numpy().copy()")
    w.blank(2)
    with w.block("def set_neuron(model, kernel, bias):"):
        with w.block("with torch.no_grad():"):
            w.line(f"{layer}.weight.copy_(torch.from_numpy(kernel.T.copy()))")
            w.line(f"{layer}.bias.copy_(torch.from_numpy(bias))")
    w.blank(2)
    write_perceptron_rule(w, settings)
    w.blank(2)
    with w.block('if __name__ == "__main__":'):
        w.line("args = parse_args()")
        w.line("(x_train, y_train), (x_test, y_test) = load_data()")
        w.line("model = build_model(weights_file=None)")
        w.line("train_perceptron(model, x_train, y_train, args.epochs)")
        w.line("with torch.no_grad():")
        w.line("    predicted = model(torch.from_numpy(x_test)).numpy()")
        w.line("accuracy = ((predicted > 0.5) == (y_test > 0)).mean()")
        w.line('print(f"test accuracy: {accuracy:.4f}")')


def write_training(
    w: CodeWriter, graph: ExportGraph, settings: ScriptSettings, names: dict[str, str]
) -> None:
    """Everything after ``build_model``: data, loss, metric, optimizer, ``__main__``
    (and before them, for a DetectionHead, its anchors, matching and decoding)."""
    if settings.encoding.is_detection:
        w.blank(2)
        detection.write_helpers(w, graph)
    w.blank(2)
    write_load_data(w, settings)
    w.blank(2)
    perceptron = perceptron_node(graph) is not None
    write_parse_args(w, settings, ddp=not perceptron)
    w.blank(2)
    if perceptron:
        _write_perceptron_main(w, graph, settings, names)
        return
    if settings.encoding.is_detection:
        detection.write_loss(w)
        w.blank(2)
        metric = detection.write_metric(w)
    else:
        write_loss(w, settings, graph)
        w.blank(2)
        metric = write_metric(w, settings, graph)
    w.blank(2)
    if write_penalty(w, graph, names):
        w.blank(2)
    write_optimizer(w, settings)
    w.blank(2)
    write_evaluate(w, metric)
    w.blank(2)
    schedule = write_schedule(w, settings)
    if schedule:
        w.blank(2)
    write_devices(w)
    w.blank(2)
    if settings.frozen:
        write_starting_model(w, settings, [names[i] for i in settings.frozen])
        w.blank(2)
    _write_main(w, settings, metric, schedule, bool(_penalties(graph, names)))
