"""Validation of detection designs: a DetectionHead, its anchors and its data set.

Its ``CHECKS`` run after ``validation_output``'s. Codes: detection_head_last,
detection_anchors, detection_dataset, detection_head_missing, detection_classes,
detection_loss. The head's input must be a 3-D feature map: shape inference reports
that (the engine's sentence) like any layer's shape problem.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from netdesigner.design.defaults import resolved_params, resolved_training
from netdesigner.design.fixes import Fix
from netdesigner.design.model import Design
from netdesigner.design.problems import CheckList, Context, Problem
from netdesigner.design.validation_output import design_dataset_info
from netdesigner.i18n import _

CHECKS = CheckList()

HEAD = "DetectionHead"
LOSS = "multibox_loss"


def heads(design: Design) -> list[str]:
    """Ids of the design's DetectionHead nodes, in node order."""
    return [node.id for node in design.nodes if node.type == HEAD]


def is_detection(design: Design) -> bool:
    """True when the design detects objects: it has a head or a detection data set."""
    info = design_dataset_info(design)
    return bool(heads(design)) or (info is not None and info.task == "detection")


@CHECKS.add
def _head_is_last(ctx: Context) -> Iterator[Problem]:
    for node_id in heads(ctx.design):
        if node_id != ctx.output_id:
            yield Problem(
                "error",
                "detection_head_last",
                node_id,
                _(
                    "the DetectionHead '{node}' must be the network's output; remove "
                    "the layers after it"
                ).format(node=node_id),
            )


@CHECKS.add
def _anchors_fit_the_image(ctx: Context) -> Iterator[Problem]:
    design = ctx.design
    image = _image_size(design)
    if image is None:
        return
    for node_id in heads(design):
        params = resolved_params(design.node(node_id))
        try:
            sizes = [float(s) for s in params["anchor_sizes"]]
            ratios = [float(r) for r in params["aspect_ratios"]]
        except (TypeError, ValueError):
            continue  # the schema and the engine report malformed lists
        for size in sizes:
            for ratio in ratios:
                w, h = size * math.sqrt(ratio), size / math.sqrt(ratio)
                if w > image[1] or h > image[0]:
                    yield Problem(
                        "error",
                        "detection_anchors",
                        node_id,
                        _(
                            "the DetectionHead '{node}' has an anchor of {w}×{h} "
                            "pixels (size {size}, ratio {ratio}), larger than the "
                            "{iw}×{ih} input image; use smaller anchor_sizes or "
                            "aspect_ratios"
                        ).format(
                            node=node_id,
                            w=f"{w:.0f}",
                            h=f"{h:.0f}",
                            size=f"{size:g}",
                            ratio=f"{ratio:g}",
                            iw=image[1],
                            ih=image[0],
                        ),
                    )
                    break
            else:
                continue
            break


def _image_size(design: Design) -> tuple[int, int] | None:
    """(height, width) of the Input node's image, or None when it is not 3-D."""
    inputs = [n for n in design.nodes if n.type == "Input"]
    if len(inputs) != 1:
        return None
    shape = inputs[0].params.get("shape")
    if not isinstance(shape, list) or len(shape) != 3:
        return None
    return int(shape[0]), int(shape[1])


@CHECKS.add
def _head_and_dataset_agree(ctx: Context) -> Iterator[Problem]:
    design = ctx.design
    info = design_dataset_info(design)
    found = heads(design)
    if info is None:
        return
    if found and info.task != "detection":
        yield Problem(
            "error",
            "detection_dataset",
            found[0],
            _(
                "the DetectionHead '{node}' needs a detection data set with boxes, "
                "but '{dataset}' is for {task}; choose a detection set such as "
                "'products'"
            ).format(node=found[0], dataset=info.name, task=info.task),
        )
    elif not found and info.task == "detection" and ctx.output_id is not None:
        yield Problem(
            "error",
            "detection_head_missing",
            ctx.output_id,
            _(
                "'{dataset}' is a detection set with boxes, but the network ends in "
                "'{node}'; end it with a DetectionHead on a feature map"
            ).format(dataset=info.name, node=ctx.output_id),
        )
    elif found:
        yield from _classes_agree(design, found[0], info.n_classes, info.name)


def _classes_agree(
    design: Design, node_id: str, classes: int, dataset: str
) -> Iterator[Problem]:
    given = resolved_params(design.node(node_id)).get("num_classes")
    if given == classes:
        return
    yield Problem(
        "error",
        "detection_classes",
        node_id,
        _(
            "the DetectionHead '{node}' has num_classes {given}, but '{dataset}' has "
            "{classes} classes; set num_classes to {classes}"
        ).format(node=node_id, given=given, dataset=dataset, classes=classes),
        Fix(
            "set_param",
            {"node": node_id, "name": "num_classes", "value": classes},
            _("set num_classes of {node} to {value}").format(
                node=node_id, value=classes
            ),
        ),
    )


@CHECKS.add
def _loss_is_multibox(ctx: Context) -> Iterator[Problem]:
    design = ctx.design
    loss = resolved_training(design)["loss"]
    found = heads(design)
    if found and loss != LOSS:
        message = _(
            "the DetectionHead '{node}' trains with the loss multibox_loss, found "
            "{loss}; use multibox_loss"
        ).format(node=found[0], loss=loss)
    elif not found and loss == LOSS and ctx.output_id is not None:
        message = _(
            "the loss multibox_loss needs a DetectionHead as the output, found "
            "'{node}'; end the network with a DetectionHead or choose another loss"
        ).format(node=ctx.output_id)
    else:
        return
    fix = (
        Fix(
            "set_training",
            {"key": "loss", "value": LOSS},
            _("use the loss {loss}").format(loss=LOSS),
        )
        if found
        else None
    )
    yield Problem(
        "error", "detection_loss", found[0] if found else ctx.output_id, message, fix
    )
