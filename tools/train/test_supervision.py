"""Unit tests of supervision.py's early relevance target and hop layout (need torch; skipped without it).

    /usr/bin/python3 -m unittest -v tools/train/test_supervision.py
"""
import math
import os
import sys
import unittest
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import torch
    import supervision as sv
except ImportError:  # the CI machine's python has no torch
    torch = None


def targets(visual_start=2, visual_count=8, first_row=11, last_row=12, first=(0,), last=(1,)):
    return SimpleNamespace(visual_start=visual_start, visual_count=visual_count, first_row=first_row, last_row=last_row,
                           first_object=torch.tensor(first), last_object=torch.tensor(last))


@unittest.skipIf(torch is None, "torch is not installed")
class EarlyRelevanceTests(unittest.TestCase):
    T = 14                                         # rows: <bos>, 1 text, 8 visual (2..9), question words 11, 12, last 13

    def relevant(self):
        # object 0 on visual tokens 1 and 2, object 1 on token 5, background elsewhere
        return torch.tensor([[-1, 0, 0, -1, -1, 1, -1, -1]])

    def attention(self, focus):
        """[1, 2, T, T]: head 0 at every row puts all its mass on the visual tokens `focus` (span indices)."""
        att = torch.full((1, 2, self.T, self.T), 1.0 / self.T)
        att[0, 0] = 0.0
        for v in focus:
            att[0, 0, :, 2 + v] = 1.0 / len(focus)
        return att

    def test_all_mass_on_the_named_objects_costs_nothing(self):
        loss = sv.early_loss(self.attention([1, 2, 5]), self.relevant(), targets(), torch.tensor([0]))
        self.assertAlmostEqual(float(loss), 0.0, places=5)

    def test_mass_on_background_is_penalised_by_the_share_it_misses(self):
        # half the mass on object 0's tokens, half on background: -log(0.5) at every supervised row
        loss = sv.early_loss(self.attention([1, 3]), self.relevant(), targets(), torch.tensor([0]))
        self.assertAlmostEqual(float(loss), -torch.log(torch.tensor(0.5)).item(), places=5)

    def test_circuit_loss_has_the_early_term_only_when_the_layout_names_one(self):
        att = {i: self.attention([1, 2, 5]) for i in range(4)}
        hidden = {}
        probes = sv.Probes(4)
        args = (self.relevant(), targets(), torch.tensor([0]), torch.tensor([0]), probes, {}, )
        _, with_early = sv.circuit_loss("order", att, hidden, *args, sv.Hops(early=0, lookup=1, readback=3))
        _, without = sv.circuit_loss("order", att, hidden, *args, sv.Hops(lookup=1, readback=3))
        self.assertIn("early", with_early)
        self.assertAlmostEqual(with_early["early"], 0.0, places=5)
        self.assertNotIn("early", without)


@unittest.skipIf(torch is None, "torch is not installed")
class HopLayoutTests(unittest.TestCase):
    def test_the_early_layer_must_come_before_the_look_up(self):
        with self.assertRaises(ValueError):
            sv.Hops(early=8, lookup=8, readback=18)

    def test_layers_lists_every_supervised_layer_ascending(self):
        self.assertEqual([1, 8, 13, 18], sv.Hops(early=1, lookup=8, hop=13, readback=18).layers())
        self.assertEqual(sv.Hops(early=1, lookup=8, hop=13, readback=18), sv.Hops.parse("early=1,lookup=8,hop=13,readback=18"))


if __name__ == "__main__":
    unittest.main()


@unittest.skipIf(torch is None, "torch is not installed")
class CountTargetTests(unittest.TestCase):
    T = 14                                         # <bos>, 1 text, 8 visual (2..9), question words 11, 12, last 13

    def relevant(self, c):
        """Object 1 (the last question word's) on the first c visual tokens, background elsewhere."""
        return torch.tensor([[1] * c + [-1] * (8 - c)])

    def attention(self, bos, each, c):
        """[1, 2, T, T]: head 1 at the last row puts `bos` on <bos> and `each` on each of the c matches."""
        att = torch.zeros((1, 2, self.T, self.T))
        att[0, 1, 12, 0] = bos
        att[0, 1, 12, 2:2 + c] = each
        return att

    def loss(self, att, c, sink):
        return float(sv.count_loss(att, self.relevant(c), targets(), torch.tensor([0]), sink))

    def test_the_target_distribution_costs_its_entropy(self):
        for sink in (1.0, 3.5):
            for c in (1, 4):
                share = 1.0 / (sink + c)
                entropy = -(sink * share * math.log(sink * share) + c * share * math.log(share))
                self.assertAlmostEqual(self.loss(self.attention(sink * share, share, c), c, sink), entropy, places=5)

    def test_the_sink_moves_the_optimum(self):
        # 4 matches: sink 1 wants 1/5 on <bos>, sink 3.5 wants 3.5/7.5; each target is the cheaper one under its own sink
        c = 4
        one, wide = self.attention(1 / 5, 1 / 5, c), self.attention(3.5 / 7.5, 1 / 7.5, c)
        self.assertLess(self.loss(one, c, 1.0), self.loss(wide, c, 1.0))
        self.assertLess(self.loss(wide, c, 3.5), self.loss(one, c, 3.5))

    def test_circuit_loss_passes_the_sink_on(self):
        att = {i: self.attention(3.5 / 5.5, 1 / 5.5, 2) for i in range(2)}
        args = (self.relevant(2), targets(), torch.tensor([0]), torch.tensor([0]), sv.Probes(4), {}, sv.Hops(lookup=0, readback=1))
        _, default = sv.circuit_loss("count", att, {}, *args)
        _, wide = sv.circuit_loss("count", att, {}, *args, count_sink=3.5)
        self.assertLess(wide["count"], default["count"])

