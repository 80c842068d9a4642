"""Refuses a --resume state saved for another model shape, with one line naming the file and what differs.

Pure Python (no torch): train.py passes plain dicts — the saved and current architecture fields, and the tensor
shapes of each module's state_dict as tuples — so tools/train/test_resume_check.py runs anywhere (CI included).
"""


def config_mismatch(path, saved, current):
    """First architecture field whose saved value differs from the current one, as a message; None when equal."""
    for key in sorted(set(saved) | set(current)):
        if saved.get(key) != current.get(key):
            return (f"{path}: saved for {key} = {saved.get(key)!r}, this run builds {key} = {current.get(key)!r}; "
                    "resume only the same model shape (or drop --resume to start afresh)")
    return None


def shape_mismatch(path, module, saved, current):
    """First tensor of `module` missing, unexpected or of another shape in the saved state, as a message; None when equal."""
    for name in sorted(set(saved) | set(current)):
        if name not in saved:
            return f"{path}: {module} tensor '{name}' {tuple(current[name])} is missing from the saved state"
        if name not in current:
            return f"{path}: {module} tensor '{name}' {tuple(saved[name])} in the saved state does not exist in this model"
        if tuple(saved[name]) != tuple(current[name]):
            return (f"{path}: {module} tensor '{name}' was saved as {tuple(saved[name])}, this model has "
                    f"{tuple(current[name])}; resume only the same model shape (or drop --resume to start afresh)")
    return None
