"""python3 -m unittest tools/train/test_resume_check.py (run by the Benchmarks tests when python3 is there)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from resume_check import config_mismatch, shape_mismatch  # noqa: E402


class ResumeCheckTests(unittest.TestCase):
    def test_the_same_shape_resumes(self):
        self.assertIsNone(config_mismatch("s.pt", {"num_hidden_layers": 4}, {"num_hidden_layers": 4}))
        self.assertIsNone(shape_mismatch("s.pt", "model", {"w": (8, 4)}, {"w": (8, 4)}))

    def test_another_depth_names_the_file_and_the_field(self):
        msg = config_mismatch("/tmp/state/synth-qwen2.pt", {"num_hidden_layers": 4, "hidden_size": 64},
                              {"num_hidden_layers": 16, "hidden_size": 64})
        self.assertIn("/tmp/state/synth-qwen2.pt", msg)
        self.assertIn("num_hidden_layers = 4", msg)
        self.assertIn("num_hidden_layers = 16", msg)

    def test_a_field_only_one_side_has_is_a_difference(self):
        self.assertIn("vocab_size", config_mismatch("s.pt", {}, {"vocab_size": 96}))

    def test_another_tensor_shape_names_the_tensor_and_both_shapes(self):
        msg = shape_mismatch("s.pt", "model", {"lm_head.weight": (96, 64)}, {"lm_head.weight": (128, 64)})
        self.assertIn("model tensor 'lm_head.weight'", msg)
        self.assertIn("(96, 64)", msg)
        self.assertIn("(128, 64)", msg)

    def test_missing_and_unexpected_tensors_are_named(self):
        self.assertIn("missing", shape_mismatch("s.pt", "projector", {}, {"fc1.weight": (256, 64)}))
        self.assertIn("does not exist", shape_mismatch("s.pt", "model", {"layers.9.w": (2,)}, {}))


if __name__ == "__main__":
    unittest.main()
