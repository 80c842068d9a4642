"""Training-only supervision of the synthetic models' circuit (pure torch; train.py and repro_cpu.py share it).

Every one-hop synth answer is two attention hops away from the visual tokens:
    question object word --(look-up layer)--> that object's visual tokens            (look-up)
    "Answer:"            --(read-back layer)--> the question's object word(s)        (read-back)
and `count` needs the look-up to keep a reference mass (attention sink) so the number of matches survives the
softmax. A two-hop task (neighbor-color) adds a hop between them:
    question object word --(hop layer)--> the token the answer is on, which the question does not name
Trained from the answer alone, no hop gets gradient before the others work: runs 1-4 sat at chance. These losses
give each hop a direct target. None of it is saved: the exported checkpoint is the plain model, evaluated by the
C# engine without any of this.

*Which* attention layer does which hop is per model (`Hops`): the first shipped models look up in their first
attention layer and read back in their second, so the video is read at layer 0 and every pruning method that
starts after it ties with the baseline (issue 15). The deep models look up at mid depth and read back late, so
visual evidence is still needed there.

Shapes: B samples, H heads, T prompt rows, V = m*n visual rows starting at row `visual_start`.
    att[i]      attention probabilities [B, H, T, T] of attention layer i (i counts attention layers only)
    hidden[i]   hidden states after the block of attention layer i [B, T, hidden]

Targets per sample (from SynthExport's `relevant_object` [B, V]: object id of each ground-truth token,
-1 elsewhere, and the question's object words):
    look-up layer, head 0, at each question object word: all mass on that word's object tokens  (-log mass)
    look-up layer, head 1, at the last question object word: s/(s+c) on <bos> and 1/(s+c) on each of its c tokens
               (cross-entropy against that distribution; the <bos> share encodes the count; sink s = 1 by default)
    hop layer, head 0, at the last question object word (two-hop tasks): all mass on the ground-truth tokens that
               do not show the named object (the neighbour)                                    (-log mass)
    early layer (optional, below the look-up), head 0 at the question's object words and at the last row: all mass
               on the tokens of the named object(s)                                             (-log mass)
    read-back layer at the last row: head 0 on the last question object word; head 1 on the first
               (in `order` these are the two objects; elsewhere the same word)
    probe: a linear 4-way head per task on the last question object word's hidden state predicts the answer,
           after the look-up block (one-hop: colour, quarter, count, quadrant of the named object; not `order`)
           or after the hop block (two-hop: the neighbour's colour)
    locate: a linear regression on the same row after the look-up block predicts the named object's position and
           time blocks (raw feature dims 40-63, mean over its tokens), so the look-up carries *where* the object is:
           what the second hop of neighbor-color needs as its query (tasks with one named object in one frame)
"""
from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

LOOKUP_HEAD, COUNT_HEAD, HOP_HEAD, EARLY_HEAD = 0, 1, 0, 0
PROBED_TASKS = ("needle-color", "temporal", "count", "spatial", "neighbor-color")
LOCATED_TASKS = ("needle-color", "temporal", "spatial", "neighbor-color")
# SynthFeatureSpace (C#): dims 40-47 position in the frame, 48-63 time.
WHERE = slice(40, 64)
TWO_HOP_TASKS = ("neighbor-color",)


@dataclass(frozen=True)
class Hops:
    """Which attention layer (index among the attention layers, 0-based) does which hop. `hop` None: the model
    has no supervised second hop (two-hop tasks then get the look-up and read-back targets only). `early` (optional,
    below the look-up): an early relevance layer (see early_loss)."""
    lookup: int
    readback: int
    hop: Optional[int] = None
    early: Optional[int] = None

    def __post_init__(self):
        order = ([self.early] if self.early is not None else []) + [self.lookup] + \
            ([self.hop] if self.hop is not None else []) + [self.readback]
        if any(b <= a for a, b in zip(order, order[1:])) or order[0] < 0:
            raise ValueError(f"hops must be increasing attention-layer indices (early < lookup < hop < readback): {self}")

    def layers(self):
        """The supervised attention layers, ascending."""
        return sorted({self.lookup, self.readback} | {h for h in (self.hop, self.early) if h is not None})

    @staticmethod
    def parse(text):
        """'lookup=5,hop=9,readback=13' -> Hops."""
        fields = dict(kv.split("=") for kv in text.split(","))
        return Hops(**{k: int(v) for k, v in fields.items()})


def question_object_rows(ids_row, visual_end, manifest):
    """(first, last) prompt rows of the object words between the visual span and the first '?'."""
    qmark = ids_row.index(manifest["question_mark_id"], visual_end)
    objects = set(manifest["object_token_ids"])
    rows = [p for p in range(visual_end, qmark) if ids_row[p] in objects]
    if not rows:
        raise ValueError("a synth question without an object word")
    return rows[0], rows[-1]


class GroupTargets:
    """Per-group constants: the question's object-word rows (fixed by the task template) and, per sample,
    the object index each of those words names."""

    def __init__(self, ids, visual_start, visual_count, manifest):
        first, last = question_object_rows(ids[0].tolist(), visual_start + visual_count, manifest)
        self.visual_start, self.visual_count = visual_start, visual_count
        self.first_row, self.last_row = first, last
        word_to_object = torch.full((int(ids.max()) + 1,), -1, dtype=torch.long, device=ids.device)
        for index, token in enumerate(manifest["object_token_ids"]):
            if token < word_to_object.numel():
                word_to_object[token] = index
        self.first_object = word_to_object[ids[:, first]]               # [N]
        self.last_object = word_to_object[ids[:, last]]                 # [N]


def visual_attention(att, row, targets):
    """Attention of every head at `row` over the visual span: [B, H, V]."""
    return att[:, :, row, targets.visual_start:targets.visual_start + targets.visual_count]


def lookup_loss(a1, relevant_object, targets, idx):
    """-log of the mass head LOOKUP_HEAD puts on the named object's tokens, at each question object word."""
    losses = []
    rows = {targets.first_row: targets.first_object, targets.last_row: targets.last_object}
    for row, named in rows.items():
        mask = (relevant_object == named[idx, None]).to(a1.dtype)       # [B, V]
        mass = (visual_attention(a1, row, targets)[:, LOOKUP_HEAD] * mask).sum(-1)
        losses.append(-torch.log(mass.clamp_min(1e-6)).mean())
    return sum(losses) / len(losses)


def count_loss(a1, relevant_object, targets, idx, sink=1.0):
    """Cross-entropy of head COUNT_HEAD at the last object word against sink/(sink+c) on <bos> and 1/(sink+c) on each
    of the c matches. The <bos> share encodes c; with sink 1 it is 1/2, 1/3, 1/4, 1/5 for c = 1..4, so 3 and 4 matches
    differ by 0.05 and are what the deep models confuse (docs/benchmarks.md); sink √12 ≈ 3.5 maximises the smallest
    gap (0.072 between c = 3 and 4)."""
    mask = (relevant_object == targets.last_object[idx, None]).to(a1.dtype)  # [B, V]
    share = 1.0 / (sink + mask.sum(-1))                                  # [B]: the mass of one match
    row = a1[:, COUNT_HEAD, targets.last_row]                            # [B, T]
    logp = torch.log(row.clamp_min(1e-9))
    visual = logp[:, targets.visual_start:targets.visual_start + targets.visual_count]
    return -(share * (sink * logp[:, 0] + (visual * mask).sum(-1))).mean()


def hop_loss(ah, relevant_object, targets, idx):
    """-log of the mass head HOP_HEAD puts, at the last question object word, on the ground-truth tokens that do
    not show the named object (the second hop's evidence: in neighbor-color, the token right of it)."""
    mask = ((relevant_object >= 0) & (relevant_object != targets.last_object[idx, None])).to(ah.dtype)  # [B, V]
    mass = (visual_attention(ah, targets.last_row, targets)[:, HOP_HEAD] * mask).sum(-1)
    return -torch.log(mass.clamp_min(1e-6)).mean()


def early_loss(ae, relevant_object, targets, idx):
    """-log of the mass head EARLY_HEAD puts on the tokens of the question's named object(s), at the question's object
    words and at the last row ("Answer:"), in an attention layer below the look-up.

    Why: in real VLMs a question's relevance is already partly visible in shallow layers (FastV scores after layer
    2), and the pruning methods score there. A model whose only look-up is at mid depth gives them nothing to find:
    on synth-qwen2-deep (look-up at layer 8) every query-aware method at budget 0.25 scored at or below random
    (docs/benchmarks.md). The first hop of neighbor-color still names X, not Y: early relevance finds the wrong token
    for that task, which only a method that re-scores at depth recovers (the paper's importance instability)."""
    named = (relevant_object == targets.first_object[idx, None]) | (relevant_object == targets.last_object[idx, None])
    mask = named.to(ae.dtype)                                           # [B, V]
    losses = []
    for row in sorted({targets.first_row, targets.last_row, ae.shape[2] - 1}):
        mass = (visual_attention(ae, row, targets)[:, EARLY_HEAD] * mask).sum(-1)
        losses.append(-torch.log(mass.clamp_min(1e-6)).mean())
    return sum(losses) / len(losses)


def readback_loss(a2, targets):
    """-log mass at the last row: head 0 on the last question object word, head 1 on the first."""
    last = a2[:, 0, -1, targets.last_row]
    first = a2[:, 1, -1, targets.first_row]
    return -(torch.log(last.clamp_min(1e-6)).mean() + torch.log(first.clamp_min(1e-6)).mean()) / 2


class Probes(nn.Module):
    """One linear 4-way head per probed task on a hidden state at the last question object word, and the locate
    regression (training only)."""

    def __init__(self, hidden):
        super().__init__()
        self.heads = nn.ModuleDict({t.replace("-", "_"): nn.Linear(hidden, 4) for t in PROBED_TASKS})
        self.where = nn.Linear(hidden, WHERE.stop - WHERE.start)

    def locate(self, task, h, features, relevant_object, targets, idx):
        """Mean squared error of the predicted position and time blocks [B, 24] of the named object's tokens."""
        if task not in LOCATED_TASKS or h is None:
            return _zero(h)
        mask = (relevant_object == targets.last_object[idx, None]).to(features.dtype)  # [B, V]
        where = (features[:, :, WHERE] * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp_min(1)
        return F.mse_loss(self.where(h[:, targets.last_row]).float(), where.float())

    def loss(self, task, h, targets, answer):
        if task not in PROBED_TASKS or h is None:
            return _zero(answer)
        logits = self.heads[task.replace("-", "_")](h[:, targets.last_row])
        return F.cross_entropy(logits.float(), answer)


def _zero(like):
    return torch.zeros((), dtype=torch.float32, device=like.device if like is not None else "cpu")


def circuit_loss(task, att, hidden, relevant_object, targets, idx, answer, probes, weights, hops, features=None, count_sink=1.0):
    """Weighted sum of the terms for `task` under `hops`; returns (loss, {term: float}) for logging.
    att / hidden: {attention-layer index: tensor} holding at least the layers of hops.layers(); features: the raw
    visual features [B, V, 64] of the batch (the locate term; omitted: no locate term); count_sink: see count_loss."""
    two_hop = task in TWO_HOP_TASKS
    a_look = att[hops.lookup]
    terms = {
        "lookup": lookup_loss(a_look, relevant_object, targets, idx),
        "count": count_loss(a_look, relevant_object, targets, idx, count_sink),
        "readback": readback_loss(att[hops.readback], targets),
    }
    if hops.hop is not None:
        terms["hop"] = hop_loss(att[hops.hop], relevant_object, targets, idx) if two_hop else _zero(answer)
    if hops.early is not None:
        terms["early"] = early_loss(att[hops.early], relevant_object, targets, idx)
    probe_at = (hops.hop if two_hop else hops.lookup)
    terms["probe"] = probes.loss(task, hidden.get(probe_at) if probe_at is not None else None, targets, answer)
    if features is not None:
        terms["locate"] = probes.locate(task, hidden.get(hops.lookup), features, relevant_object, targets, idx)
    total = sum(weights.get(k, 1.0) * v for k, v in terms.items())
    return total, {k: float(v.detach()) for k, v in terms.items()}
