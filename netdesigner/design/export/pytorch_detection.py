"""The detection half of a PyTorch script: anchors, matching, multibox loss,
decoding, non-maximum suppression and mAP@0.5, as plain torch code.

A design ending in a DetectionHead exports its backbone and head as every design
does (``pytorch_layers``); this module writes what NetDesigner's
``engine.detection`` does around them, line for line the same arithmetic, so that
``Net.detect`` finds the boxes ``netdesigner`` finds and the script trains with the
same loss. torchvision is not needed: its ``nms`` is a dozen lines of torch here.
"""

from __future__ import annotations

from netdesigner.design.export.base import ExportError
from netdesigner.design.export.codegen import CodeWriter, literal
from netdesigner.design.export.graph import ExportGraph, ExportNode
from netdesigner.engine.detection.boxes import MAX_LOG_SCALE, VARIANCES
from netdesigner.engine.detection.loss import MultiboxLoss
from netdesigner.engine.detection.postprocess import detect as engine_detect
from netdesigner.i18n import _

HEAD = "DetectionHead"
#: ``detect``'s defaults, the ones NetDesigner's mAP uses
DEFAULTS = engine_detect.__kwdefaults__


def detection_head(graph: ExportGraph) -> ExportNode | None:
    """The graph's DetectionHead when it is the output, else None."""
    return graph.output if graph.output.type == HEAD else None


def check_no_bundle_data(graph: ExportGraph, bundled: bool) -> None:
    """A bundle stores its targets as plain arrays; boxes per image are not."""
    if bundled and detection_head(graph) is not None:
        raise ExportError(
            _(
                "a bundle cannot carry the box targets of the DetectionHead "
                "'{node}'; export the PyTorch script alone, which loads the data "
                "set through netdesigner"
            ).format(node=graph.output.id)
        )


def constant_lines(graph: ExportGraph) -> list[str]:
    """The head's anchors and the loss's settings as module constants."""
    head = graph.output
    image_hw = tuple(graph.input.output_shape[:2])
    feature_hw = tuple(head.input_shape[:2])
    loss = MultiboxLoss().get_config()
    sizes = tuple(float(v) for v in head.params["anchor_sizes"])
    ratios = tuple(float(v) for v in head.params["aspect_ratios"])
    classes = int(head.params["num_classes"])
    return [
        "# The DetectionHead's anchors: sizes in input pixels, ratios width / height",
        f"IMAGE_HW = {literal(image_hw)}",
        f"FEATURE_HW = {literal(feature_hw)}  # the head's feature map",
        f"ANCHOR_SIZES = {literal(sizes)}",
        f"ASPECT_RATIOS = {literal(ratios)}",
        f"NUM_CLASSES = {classes}  # the data set's; the head adds the background",
        "# SSD's scaling of the centre and size offsets (about unit scale)",
        f"VARIANCES = {literal(tuple(VARIANCES))}",
        f"MAX_LOG_SCALE = {literal(MAX_LOG_SCALE)}  # a box at most e^4 x its anchor",
        "# multibox_loss: an anchor learns a box it overlaps by MATCH_IOU or more;",
        "# NEG_POS_RATIO background anchors per matched one train the background",
        f"MATCH_IOU = {literal(loss['iou_threshold'])}",
        f"NEG_POS_RATIO = {literal(loss['neg_pos_ratio'])}",
        f"LOC_WEIGHT = {literal(loss['loc_weight'])}",
    ]


def write_detect_method(w: CodeWriter) -> None:
    """``Net.detect(images, score_threshold, iou_threshold)``."""
    s, i = DEFAULTS["score_threshold"], DEFAULTS["iou_threshold"]
    w.blank()
    with w.block(f"def detect(self, images, score_threshold={s}, iou_threshold={i}):"):
        w.docstring(
            "Boxes found on ``images`` (N, H, W, 3), as NetDesigner draws them.\n\n"
            'Returns one dict per image: "boxes" (K, 4) [x_min, y_min, x_max, '
            'y_max] in pixels, "scores" (K,) and "labels" (K,) class indices of '
            "the data set, best first."
        )
        w.line("was_training = self.training")
        w.line("self.eval()")
        w.line("device = next(self.parameters()).device")
        with w.block("with torch.no_grad():"):
            w.line("y = self(torch.as_tensor(images, dtype=torch.float32).to(device))")
        w.line("self.train(was_training)")
        w.line("return decode_detections(y.cpu(), score_threshold, iou_threshold)")


def write_helpers(w: CodeWriter, graph: ExportGraph) -> None:
    """Constants and functions every detection script needs."""
    w.extend(constant_lines(graph))
    for block in (ANCHORS, BOXES, MATCHING, DECODING):
        w.blank(2)
        w.extend(block.strip("\n").split("\n"))


def write_loss(w: CodeWriter) -> None:
    w.extend(LOSS.strip("\n").split("\n"))


def write_metric(w: CodeWriter) -> str:
    w.extend(METRIC.strip("\n").split("\n"))
    return "map50"


ANCHORS = '''
def make_anchors():
    """Anchors (fh·fw·A, 4) float64 [x_min, y_min, x_max, y_max] in input pixels.

    Each cell of the head's feature map holds A = sizes x ratios anchors centred on
    it; size s with ratio r is s·√r wide and s/√r high (area s², as SSD). The order
    (row, column, anchor) is the head's output order.
    """
    (h, w), (fh, fw) = IMAGE_HW, FEATURE_HW
    sizes = torch.tensor(ANCHOR_SIZES, dtype=torch.float64)[:, None]
    roots = torch.tensor(ASPECT_RATIOS, dtype=torch.float64).sqrt()[None, :]
    half_w, half_h = 0.5 * (sizes * roots).flatten(), 0.5 * (sizes / roots).flatten()
    cy = (torch.arange(fh, dtype=torch.float64) + 0.5) * (h / fh)
    cx = (torch.arange(fw, dtype=torch.float64) + 0.5) * (w / fw)
    cy, cx = torch.meshgrid(cy, cx, indexing="ij")
    cx, cy = cx.reshape(-1, 1), cy.reshape(-1, 1)
    corners = [cx - half_w, cy - half_h, cx + half_w, cy + half_h]
    return torch.stack(corners, dim=-1).reshape(-1, 4)


ANCHORS = make_anchors()
'''

BOXES = '''
def box_iou(a, b):
    """Intersection over union (len(a), len(b)) of corner boxes a (K, 4), b (M, 4)."""
    lo = torch.maximum(a[:, None, :2], b[None, :, :2])
    hi = torch.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = (hi - lo).clamp(min=0).prod(dim=-1)
    area_a = (a[:, 2:] - a[:, :2]).clamp(min=0).prod(dim=-1)
    area_b = (b[:, 2:] - b[:, :2]).clamp(min=0).prod(dim=-1)
    union = area_a[:, None] + area_b[None, :] - inter
    # two empty boxes overlap by 0, not 0 / 0
    return torch.where(union > 0, inter / union.clamp(min=1e-12), 0.0)


def to_centre(boxes):
    """(K, 4) corners -> (K, 4) [cx, cy, w, h]."""
    wh = boxes[..., 2:] - boxes[..., :2]
    return torch.cat([boxes[..., :2] + 0.5 * wh, wh], dim=-1)


def encode_boxes(boxes, anchors):
    """SSD's offsets (K, 4) of boxes from their anchors (both (K, 4) corners)."""
    g, a = to_centre(boxes), to_centre(anchors)
    centre = (g[:, :2] - a[:, :2]) / a[:, 2:] / VARIANCES[0]
    size = torch.log(g[:, 2:] / a[:, 2:]) / VARIANCES[1]
    return torch.cat([centre, size], dim=1)


def decode_boxes(offsets, anchors):
    """Corner boxes (K, 4) from offsets (K, 4) on anchors (K, 4)."""
    a = to_centre(anchors)
    centre = a[:, :2] + offsets[:, :2] * VARIANCES[0] * a[:, 2:]
    log_size = (offsets[:, 2:] * VARIANCES[1]).clamp(-MAX_LOG_SCALE, MAX_LOG_SCALE)
    half = 0.5 * a[:, 2:] * torch.exp(log_size)
    return torch.cat([centre - half, centre + half], dim=1)


def nms(boxes, scores, iou_threshold):
    """Indices of the boxes greedy non-maximum suppression keeps, best first.

    A box is dropped when it overlaps a kept, higher-scoring box by more than
    iou_threshold (as torchvision.ops.nms, which this script does not need).
    """
    order = torch.argsort(-scores, stable=True)
    overlaps = box_iou(boxes[order], boxes[order]) > iou_threshold  # (K, K)
    alive = torch.ones(len(order), dtype=torch.bool)
    for i in range(len(order)):
        if alive[i]:  # kept: it removes the lower-scoring boxes it overlaps
            alive[i + 1 :] &= ~overlaps[i, i + 1 :]
    return order[alive]
'''

MATCHING = '''
def match_anchors(anchors, boxes, iou_threshold=MATCH_IOU):
    """The box index (M,) each anchor learns, -1 for the background.

    An anchor takes the box it overlaps most when that IoU reaches iou_threshold;
    each box takes its best anchor in any case, so that no object goes unlearnt.
    """
    matched = torch.full((len(anchors),), -1, dtype=torch.int64)
    if len(boxes) == 0:
        return matched
    iou = box_iou(anchors, boxes)  # (M, K)
    best_iou, best_box = iou.max(dim=1)
    good = best_iou >= iou_threshold
    matched[good] = best_box[good]
    # forced matches last, one by one, so that a later box wins a shared anchor
    for k, anchor in enumerate(iou.argmax(dim=0).tolist()):
        matched[anchor] = k
    return matched


def prepare_targets(items):
    """Targets (N, M + G, 6) float32 of per-image {"boxes", "labels"} dicts.

    Rows [:M] (one per anchor): [dx, dy, dw, dh, class, box index] (class 0 is the
    background, index -1 unmatched); rows [M:]: the image's boxes [x_min, y_min,
    x_max, y_max, label, 1], padded with zeros to the largest count G.
    """
    m = len(ANCHORS)
    g = max([len(item["labels"]) for item in items] + [1])
    t = torch.zeros((len(items), m + g, 6), dtype=torch.float64)
    for i, item in enumerate(items):
        # torch.tensor copies: a data set's arrays may be read-only
        boxes = torch.tensor(np.asarray(item["boxes"], dtype="float64")).reshape(-1, 4)
        labels = torch.tensor(np.asarray(item["labels"], dtype="int64")).reshape(-1)
        matched = match_anchors(ANCHORS, boxes)
        rows, hit = t[i, :m], matched >= 0
        rows[:, 5] = matched
        rows[hit, :4] = encode_boxes(boxes[matched[hit]], ANCHORS[hit])
        rows[hit, 4] = (labels[matched[hit]] + 1).double()
        truth = t[i, m : m + len(labels)]
        truth[:, :4], truth[:, 4], truth[:, 5] = boxes, labels.double(), 1.0
    return t.float().numpy()


def ground_truth(targets):
    """Per image, the boxes (K, 4) and labels (K,) stored in targets' last rows."""
    rows = targets[:, len(ANCHORS) :].double().cpu()
    valid = rows[..., 5] > 0
    boxes = [r[v, :4] for r, v in zip(rows, valid, strict=True)]
    labels = [r[v, 4].long() for r, v in zip(rows, valid, strict=True)]
    return boxes, labels
'''

DECODING = '''
def decode_detections(y, score_threshold=0.01, iou_threshold=0.45, top_k=200,
                      max_detections=100):  # fmt: skip
    """Detections per image of a batch of head outputs y (N, fh, fw, A·(5 + C)).

    Per class, the anchors scoring above score_threshold (the best top_k) are
    decoded and thinned by NMS; the image's best max_detections are returned as
    {"boxes" (K, 4), "scores" (K,), "labels" (K,)}, best first.
    """
    per = y.double().reshape(len(y), len(ANCHORS), -1)
    probs = torch.softmax(per[..., 4:], dim=-1)  # background first
    found = []
    for offsets, p in zip(per[..., :4], probs, strict=True):
        boxes, scores, labels = [], [], []
        for c in range(1, p.shape[1]):
            candidates = torch.nonzero(p[:, c] > score_threshold).flatten()
            best = torch.argsort(-p[candidates, c], stable=True)[:top_k]
            candidates = candidates[best]
            decoded = decode_boxes(offsets[candidates], ANCHORS[candidates])
            keep = nms(decoded, p[candidates, c], iou_threshold)
            boxes.append(decoded[keep])
            scores.append(p[candidates, c][keep])
            labels.append(torch.full((len(keep),), c - 1, dtype=torch.int64))
        s = torch.cat(scores)
        order = torch.argsort(-s, stable=True)[:max_detections]
        found.append(
            {
                "boxes": torch.cat(boxes)[order],
                "scores": s[order],
                "labels": torch.cat(labels)[order],
            }
        )
    return found
'''

LOSS = '''
def hard_negatives(ce, pos):
    """(N, M) mask: per image, the NEG_POS_RATIO x positives background anchors with
    the largest loss (SSD's hard-negative mining)."""
    n_pos = pos.sum(dim=1)
    n_neg = torch.minimum((NEG_POS_RATIO * n_pos).floor().long(), pos.shape[1] - n_pos)
    background = ce.masked_fill(pos, -math.inf)
    rank = torch.argsort(background, dim=1, descending=True, stable=True).argsort(dim=1)
    return rank < n_neg[:, None]


def loss_fn(y_pred, y_true):
    """multibox_loss as NetDesigner computes it.

    (Σ smooth-L1 of the matched anchors' offsets + Σ cross-entropy of the matched
    and the hard-negative anchors) / number of matched anchors in the batch.
    """
    m = len(ANCHORS)
    per = y_pred.reshape(len(y_pred), m, -1)
    targets = y_true[:, :m]
    classes = targets[..., 4].long()
    pos = classes > 0
    ce = F.cross_entropy(per[..., 4:].transpose(1, 2), classes, reduction="none")
    with torch.no_grad():
        chosen = pos | hard_negatives(ce, pos)
    d = per[..., :4][pos] - targets[..., :4][pos]
    smooth = torch.where(d.abs() < 1, 0.5 * d * d, d.abs() - 0.5).sum()
    return (ce[chosen].sum() + LOC_WEIGHT * smooth) / max(int(pos.sum()), 1)
'''

METRIC = '''
def class_ap(found, truths, c):
    """VOC AP at IoU 0.5 of class c (all-point interpolation); None without boxes."""
    truths = [boxes[labels == c] for boxes, labels in truths]
    n_truth = sum(len(t) for t in truths)
    if n_truth == 0:
        return None
    hits, overlaps = [], []  # (score, image, row of the image's IoU with truths)
    for i, f in enumerate(found):
        mine = f["labels"] == c
        overlaps.append(box_iou(f["boxes"][mine], truths[i]).tolist())
        hits.extend((s, i, r) for r, s in enumerate(f["scores"][mine].tolist()))
    hits.sort(key=lambda hit: -hit[0])  # best first; a stable sort, as NetDesigner's
    claimed = [[False] * len(t) for t in truths]
    tp = torch.zeros(len(hits), dtype=torch.float64)
    for k, (_, i, r) in enumerate(hits):
        iou = overlaps[i][r]  # a true positive takes an unclaimed box at IoU >= 0.5
        j = max(range(len(iou)), key=iou.__getitem__, default=-1)
        if j >= 0 and iou[j] >= 0.5 and not claimed[i][j]:
            claimed[i][j], tp[k] = True, 1.0
    cum = torch.cumsum(tp, 0)
    recall = torch.cat([torch.tensor([0.0]), cum / n_truth, torch.tensor([1.0])])
    precision = cum / torch.arange(1, len(tp) + 1)
    p = torch.cat([torch.tensor([0.0]), precision, torch.tensor([0.0])])
    p = torch.flip(torch.cummax(torch.flip(p, [0]), 0).values, [0])  # the envelope
    steps = torch.nonzero(recall[1:] != recall[:-1]).flatten()
    return float(((recall[steps + 1] - recall[steps]) * p[steps + 1]).sum())


def map50(y_pred, y_true):
    """Mean average precision at IoU 0.5 over the classes present (VOC)."""
    found = decode_detections(y_pred.cpu())
    boxes, labels = ground_truth(y_true)
    truths = list(zip(boxes, labels, strict=True))
    aps = [class_ap(found, truths, c) for c in range(NUM_CLASSES)]
    present = [ap for ap in aps if ap is not None]
    return sum(present) / len(present) if present else math.nan
'''
