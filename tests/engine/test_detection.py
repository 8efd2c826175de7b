"""Single-shot detection: boxes, anchors, matching, the multibox loss (hand values
and central differences in float64), NMS, VOC mAP, and training through Trainer."""

import math

import numpy as np
import pytest

from netdesigner.engine import Network, NodeSpec, Trainer
from netdesigner.engine.detection import (
    Detections,
    average_precisions,
    box_iou,
    decode_boxes,
    detect,
    encode_boxes,
    make_anchors,
    match_anchors,
    mean_average_precision,
    nms,
)
from netdesigner.engine.errors import EngineError
from netdesigner.engine.losses import create_loss


def _head_network(image=(4, 12, 1), pool=4, dtype=np.float64, **head):
    """Input -> MaxPooling2D(pool) -> DetectionHead(head)."""
    params = {"num_classes": 1, "anchor_sizes": [4], "aspect_ratios": [1]} | head
    nodes = [
        NodeSpec("in", "Input", {"shape": list(image)}),
        NodeSpec("pool", "MaxPooling2D", {"pool_size": pool}),
        NodeSpec("head", "DetectionHead", params),
    ]
    return Network(
        nodes,
        [("in", "pool"), ("pool", "head")],
        dtype=dtype,
        rng=np.random.default_rng(0),
    )


def _bound_loss(net, **config):
    loss = create_loss({"type": "multibox_loss", **config})
    loss.bind(net)
    return loss


def _targets(loss, net, boxes, labels):
    items = [
        {"boxes": np.asarray(b, np.float32).reshape(-1, 4), "labels": np.asarray(lab)}
        for b, lab in zip(boxes, labels, strict=True)
    ]
    return loss.prepare_targets(items, net.output_shape, net.dtype)


# -- boxes --------------------------------------------------------------------------
def test_iou_of_known_boxes():
    a = np.array([[0, 0, 2, 2], [0, 0, 1, 1]])
    b = np.array([[1, 1, 3, 3], [0, 0, 2, 2], [5, 5, 6, 6]])
    expected = [[1 / 7, 1, 0], [0, 0.25, 0]]
    assert np.allclose(box_iou(a, b), expected)
    assert box_iou(np.zeros((1, 4)), np.zeros((1, 4)))[0, 0] == 0.0  # empty, no NaN


def test_encode_and_decode_are_inverse():
    rng = np.random.default_rng(0)
    lo = rng.uniform(0, 20, (5, 2))
    boxes = np.concatenate([lo, lo + rng.uniform(1, 10, (5, 2))], axis=1)
    anchors = np.concatenate([lo + 1, lo + 6], axis=1)
    assert np.allclose(decode_boxes(encode_boxes(boxes, anchors), anchors), boxes)
    assert np.allclose(encode_boxes(anchors, anchors), 0)


def test_anchors_are_centred_on_cells_with_the_given_sizes_and_ratios():
    anchors = make_anchors((8, 16), (2, 4), [2], [1, 4])
    assert anchors.shape == (2 * 4 * 2, 4)
    # cell (row 0, column 1) spans x 4..8, y 0..4: centre (6, 2)
    assert np.allclose(anchors[2], [5, 1, 7, 3])  # size 2, ratio 1
    assert np.allclose(anchors[3], [4, 1.5, 8, 2.5])  # ratio 4: w 4, h 1


def test_each_ground_truth_keeps_its_best_anchor_below_the_threshold():
    anchors = np.array([[0, 0, 4, 4], [4, 0, 8, 4], [0, 0, 8, 8]], float)
    gt = np.array([[0, 0, 4, 4], [5, 0, 6, 1]], float)  # the second overlaps < 0.5
    matched = match_anchors(anchors, gt, 0.5)
    assert matched.tolist() == [0, 1, -1]
    assert match_anchors(anchors, np.zeros((0, 4))).tolist() == [-1, -1, -1]


def test_nms_drops_overlapping_lower_scores_only():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9]])
    scores = np.array([0.9, 0.8, 0.7, 0.95])
    assert nms(boxes, scores, 0.5).tolist() == [3, 2]
    assert nms(boxes, scores, 0.95).tolist() == [3, 0, 1, 2]
    assert nms(np.zeros((0, 4)), np.zeros(0), 0.5).tolist() == []


def test_iou_and_nms_match_torchvision():
    ops = pytest.importorskip("torchvision.ops")
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    lo = rng.uniform(0, 50, (40, 2))
    boxes = np.concatenate([lo, lo + rng.uniform(2, 30, (40, 2))], axis=1)
    scores = rng.permutation(40) / 40.0
    tb, ts = torch.from_numpy(boxes), torch.from_numpy(scores)
    assert np.allclose(box_iou(boxes, boxes[:7]), ops.box_iou(tb, tb[:7]).numpy())
    assert nms(boxes, scores, 0.4).tolist() == ops.nms(tb, ts, 0.4).tolist()


# -- mean average precision ---------------------------------------------------------
def _det(boxes, scores, labels):
    return Detections(
        np.asarray(boxes, float).reshape(-1, 4),
        np.asarray(scores, float),
        np.asarray(labels, np.int64),
    )


def test_voc_ap_of_a_known_ranking():
    gt_boxes = [np.array([[0, 0, 10, 10]]), np.array([[0, 0, 10, 10]])]
    gt_labels = [np.array([0]), np.array([0])]
    dets = [
        # 0.9 hits image 0's box; 0.8 is a duplicate of it (a false positive)
        _det([[0, 0, 10, 10], [1, 0, 10, 10]], [0.9, 0.8], [0, 0]),
        _det([[0, 0, 10, 11]], [0.7], [0]),  # hits image 1's box
    ]
    # precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1: envelope 1 then 2/3
    expected = 0.5 * 1 + 0.5 * (2 / 3)
    aps = average_precisions(dets, gt_boxes, gt_labels, n_classes=2)
    assert math.isclose(aps[0], expected) and math.isnan(aps[1])
    assert math.isclose(mean_average_precision(dets, gt_boxes, gt_labels, 2), expected)


def test_ap_takes_the_precision_envelope():
    gt_boxes = [np.array([[0, 0, 10, 10], [20, 20, 30, 30]])]
    dets = [
        _det(
            [[50, 50, 60, 60], [0, 0, 10, 10], [20, 20, 30, 30]],
            [0.9, 0.8, 0.7],
            [0, 0, 0],
        )
    ]
    # precision 0, 1/2, 2/3 at recall 0, 1/2, 1: the envelope is 2/3 throughout
    ap = average_precisions(dets, gt_boxes, [np.array([0, 0])], n_classes=1)[0]
    assert math.isclose(ap, 2 / 3)


def test_ap_counts_wrong_class_and_poor_overlap_as_misses():
    gt_boxes, gt_labels = [np.array([[0, 0, 10, 10]])], [np.array([1])]
    wrong_class = [_det([[0, 0, 10, 10]], [0.9], [0])]
    poor = [_det([[0, 0, 10, 4]], [0.9], [1])]  # IoU 0.4
    assert average_precisions(wrong_class, gt_boxes, gt_labels, 2)[1] == 0.0
    assert average_precisions(poor, gt_boxes, gt_labels, 2)[1] == 0.0
    exact = [_det([[0, 0, 10, 5]], [0.9], [1])]  # IoU exactly 0.5 counts
    assert average_precisions(exact, gt_boxes, gt_labels, 2)[1] == 1.0


# -- the multibox loss --------------------------------------------------------------
def test_multibox_loss_hand_computed_with_hard_negative_mining():
    net = _head_network()  # image 4×12 -> 1×3 cells, anchors of 4×4 side by side
    loss = _bound_loss(net, neg_pos_ratio=1.0)
    assert np.allclose(loss.anchors, [[0, 0, 4, 4], [4, 0, 8, 4], [8, 0, 12, 4]])
    t = _targets(loss, net, [[[0, 0, 4, 4]]], [[0]])
    y = np.zeros((1, 1, 3, 6))
    y[0, 0, 0] = [0.5, 0.0, 0.0, 2.0, 0.0, 1.0]  # the positive anchor
    y[0, 0, 1] = [9.0, 9.0, 9.0, 9.0, 0.0, 0.0]  # an easy negative: not mined
    y[0, 0, 2] = [9.0, 9.0, 9.0, 9.0, 0.0, 3.0]  # the hard negative
    smooth_l1 = 0.5 * 0.5**2 + (2.0 - 0.5)  # offsets' targets are 0
    positive_ce = math.log(1 + math.e) - 1.0
    hard_ce = math.log(1 + math.exp(3.0))
    value, grad = loss.value_and_gradient(y, t)
    assert math.isclose(value, smooth_l1 + positive_ce + hard_ce, rel_tol=1e-12)
    assert np.all(grad[0, 0, 1] == 0)  # neither localised nor mined
    assert np.allclose(grad[0, 0, 0, :4], [0.5, 0, 0, 1])
    p = 1 / (1 + math.exp(-3.0))
    assert np.allclose(grad[0, 0, 2, 4:], [-p, p])


def test_multibox_loss_gradient_matches_central_differences():
    net = _head_network(image=(8, 12, 1), pool=4, num_classes=2, aspect_ratios=[1, 2])
    loss = _bound_loss(net)
    t = _targets(
        loss, net, [[[0, 0, 4, 4], [5, 3, 11, 7]], [[1, 1, 6, 5]]], [[0, 1], [1]]
    )
    rng = np.random.default_rng(4)
    y = rng.normal(size=(2, *net.output_shape))
    value, grad = loss.value_and_gradient(y, t)
    numeric = np.zeros_like(y)
    for i in np.ndindex(y.shape):
        old = y[i]
        y[i] = old + 1e-6
        up = loss.value(y, t)
        y[i] = old - 1e-6
        down = loss.value(y, t)
        y[i] = old
        numeric[i] = (up - down) / 2e-6
    err = np.abs(grad - numeric) / np.maximum(1e-8, np.abs(grad) + np.abs(numeric))
    assert grad.dtype == np.float64 and err.max() <= 1e-6
    assert np.count_nonzero(grad) < grad.size  # mining left some anchors out


def test_targets_keep_the_ground_truth_for_the_metric():
    net = _head_network()
    loss = _bound_loss(net)
    t = _targets(loss, net, [[[0, 0, 4, 4], [8, 0, 12, 3]], []], [[0, 0], []])
    assert t.shape == (2, 3 + 2, 6)
    boxes, labels = loss.ground_truth(t)
    assert np.allclose(boxes[0], [[0, 0, 4, 4], [8, 0, 12, 3]])
    assert labels[0].tolist() == [0, 0] and len(boxes[1]) == 0
    assert t[0, :3, 4].tolist() == [1, 0, 1]


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ({"boxes": [[0, 0, 4, 4]], "labels": [3]}, "num_classes 1"),
        ({"boxes": [[4, 0, 2, 4]], "labels": [0]}, "x_max/y_max"),
        ({"boxes": [[0, 0, 4, 4]], "labels": [0, 0]}, "1 boxes but 2 labels"),
        (7, "dict per image"),
    ],
)
def test_bad_targets_get_a_sentence(item, words):
    net = _head_network()
    loss = _bound_loss(net)
    with pytest.raises(EngineError, match=words):
        loss.prepare_targets([item], net.output_shape, net.dtype)


def test_the_loss_needs_a_detection_head():
    nodes = [
        NodeSpec("in", "Input", {"shape": [3]}),
        NodeSpec("d", "Dense", {"units": 2}),
    ]
    net = Network(nodes, [("in", "d")], rng=np.random.default_rng(0))
    with pytest.raises(EngineError, match="needs a DetectionHead"):
        create_loss("multibox_loss").bind(net)


# -- decoding and training ----------------------------------------------------------
def test_detect_decodes_the_confident_anchor_and_nms_removes_its_twin():
    net = _head_network()
    anchors = _bound_loss(net).anchors
    y = np.zeros((1, 1, 3, 6))
    y[..., 4] = 5.0  # background everywhere ...
    y[0, 0, 0, 4:] = [0.0, 5.0]  # ... but an object on anchor 0
    y[0, 0, 1, :] = [-9.5, 0.0, 0.0, 0.0, 0.0, 4.0]  # anchor 1 moved onto anchor 0
    with_nms = detect(y, anchors, score_threshold=0.5)[0]
    assert with_nms.labels.tolist() == [0] and np.allclose(
        with_nms.boxes, [[0, 0, 4, 4]]
    )
    without = detect(y, anchors, score_threshold=0.5, use_nms=False)[0]
    assert len(without.boxes) == 2


def _squares(n, rng):
    """16×16 images with one bright 6×6 (class 0) or 6×10 (class 1) block."""
    x = rng.uniform(0, 0.2, (n, 16, 16, 1)).astype(np.float32)
    items = []
    for i in range(n):
        label = i % 2
        h = 6 if label == 0 else 10
        r, c = rng.integers(0, 16 - h + 1), rng.integers(0, 11)
        x[i, r : r + h, c : c + 6] = 1.0
        items.append(
            {
                "boxes": np.array([[c, r, c + 6, r + h]], np.float32),
                "labels": np.array([label]),
            }
        )
    y = np.empty(n, dtype=object)
    y[:] = items
    return x, y


def test_trainer_learns_boxes_and_reports_map50():
    rng = np.random.default_rng(0)
    x, y = _squares(96, rng)
    nodes = [
        NodeSpec("in", "Input", {"shape": [16, 16, 1]}),
        NodeSpec(
            "c1",
            "Conv2D",
            {"filters": 8, "kernel_size": 3, "padding": "same", "activation": "relu"},
        ),
        NodeSpec("p1", "MaxPooling2D", {"pool_size": 2}),
        NodeSpec(
            "c2",
            "Conv2D",
            {"filters": 16, "kernel_size": 3, "padding": "same", "activation": "relu"},
        ),
        NodeSpec("p2", "MaxPooling2D", {"pool_size": 2}),
        NodeSpec(
            "head",
            "DetectionHead",
            {"num_classes": 2, "anchor_sizes": [6, 9], "aspect_ratios": [1, 0.5]},
        ),
    ]
    ids = [n.id for n in nodes]
    net = Network(
        nodes, list(zip(ids, ids[1:], strict=False)), rng=np.random.default_rng(1)
    )
    trainer = Trainer(
        net,
        "multibox_loss",
        {"type": "adam", "learning_rate": 0.01},
        x[:64],
        y[:64],
        x[64:],
        y[64:],
        epochs=12,
        batch_size=16,
        rng=np.random.default_rng(2),
    )
    history = trainer.run()
    assert set(history) >= {"train_loss", "test_loss", "train_map50", "test_map50"}
    assert history["train_loss"][-1] < 0.5 * history["train_loss"][0]
    assert history["test_map50"][-1] > 0.5
