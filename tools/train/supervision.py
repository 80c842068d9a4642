"""Training-only supervision of the synthetic models' circuit (pure torch; train.py and repro_cpu.py share it).

Every synth answer is two hops away from the visual tokens:
    question object word --(attention layer A1)--> that object's visual tokens      (look-up)
    "Answer:"            --(attention layer A2)--> the question's object word(s)     (read-back)
and `count` needs the look-up to keep a reference mass (attention sink) so the number of matches
survives the softmax. Trained from the answer alone, neither hop gets gradient before the other works:
runs 1-4 sat at chance. These losses give each hop a direct target. None of it is saved: the exported
checkpoint is the plain model, evaluated by the C# engine without any of this.

Shapes: B samples, H heads, T prompt rows, V = m*n visual rows starting at row `visual_start`.
    A1, A2      attention probabilities [B, H, T, T] of the first and second attention layer
    h1          hidden states after the first attention layer's block [B, T, hidden]

Targets per sample (from SynthExport's `relevant_object` [B, V]: object id of each ground-truth token,
-1 elsewhere, and the question's object words):
    A1 head 0 at each question object word: all mass on that word's object tokens       (-log mass)
    A1 head 1 at the last question object word: 1/(1+c) on <bos> and on each of its c tokens
               (cross-entropy against that distribution; the <bos> share 1/(1+c) encodes the count)
    A2 head 0 at the last row: mass on the last question object word; head 1 on the first
               (in `order` these are the two objects; elsewhere the same word)
    probe: a linear 4-way head per task on h1 at the last question object word predicts the answer
           (colour, quarter, count, quadrant are attributes of the named object; not for `order`)
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

LOOKUP_HEAD, COUNT_HEAD = 0, 1
PROBED_TASKS = ("needle-color", "temporal", "count", "spatial")


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


def _visual(att, row, targets):
    """Attention of every head at `row` over the visual span: [B, H, V]."""
    return att[:, :, row, targets.visual_start:targets.visual_start + targets.visual_count]


def lookup_loss(a1, relevant_object, targets, idx):
    """-log of the mass head LOOKUP_HEAD puts on the named object's tokens, at each question object word."""
    losses = []
    rows = {targets.first_row: targets.first_object, targets.last_row: targets.last_object}
    for row, named in rows.items():
        mask = (relevant_object == named[idx, None]).to(a1.dtype)       # [B, V]
        mass = (_visual(a1, row, targets)[:, LOOKUP_HEAD] * mask).sum(-1)
        losses.append(-torch.log(mass.clamp_min(1e-6)).mean())
    return sum(losses) / len(losses)


def count_loss(a1, relevant_object, targets, idx):
    """Cross-entropy of head COUNT_HEAD at the last object word against 1/(1+c) on <bos> and each match."""
    mask = (relevant_object == targets.last_object[idx, None]).to(a1.dtype)  # [B, V]
    share = 1.0 / (1.0 + mask.sum(-1))                                   # [B]
    row = a1[:, COUNT_HEAD, targets.last_row]                            # [B, T]
    logp = torch.log(row.clamp_min(1e-9))
    visual = logp[:, targets.visual_start:targets.visual_start + targets.visual_count]
    return -(share * (logp[:, 0] + (visual * mask).sum(-1))).mean()


def readback_loss(a2, targets):
    """-log mass of A2 at the last row: head 0 on the last question object word, head 1 on the first."""
    last = a2[:, 0, -1, targets.last_row]
    first = a2[:, 1, -1, targets.first_row]
    return -(torch.log(last.clamp_min(1e-6)).mean() + torch.log(first.clamp_min(1e-6)).mean()) / 2


class Probes(nn.Module):
    """One linear 4-way head per probed task on h1 at the last question object word (training only)."""

    def __init__(self, hidden):
        super().__init__()
        self.heads = nn.ModuleDict({t.replace("-", "_"): nn.Linear(hidden, 4) for t in PROBED_TASKS})

    def loss(self, task, h1, targets, answer):
        if task not in PROBED_TASKS:
            return h1.new_zeros(())
        logits = self.heads[task.replace("-", "_")](h1[:, targets.last_row])
        return F.cross_entropy(logits.float(), answer)


def circuit_loss(task, a1, a2, h1, relevant_object, targets, idx, answer, probes, weights):
    """Weighted sum of the four terms; returns (loss, {term: float}) for logging."""
    terms = {
        "lookup": lookup_loss(a1, relevant_object, targets, idx),
        "count": count_loss(a1, relevant_object, targets, idx),
        "readback": readback_loss(a2, targets),
        "probe": probes.loss(task, h1, targets, answer),
    }
    total = sum(weights[k] * v for k, v in terms.items())
    return total, {k: float(v.detach()) for k, v in terms.items()}
