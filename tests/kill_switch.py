"""A hook that kills its own process with SIGKILL at a chosen iteration.

Imported by configs of the resume tests (``custom_imports``), it stands for
a machine lost mid-run: no handler runs, no file is closed.
"""
import os
import signal

from mmengine.hooks import Hook
from mmengine.registry import HOOKS


@HOOKS.register_module()
class KillAtIteration(Hook):
    """SIGKILL the process after training iteration ``at`` (1-based).

    Args:
        at (int): The iteration after which the process dies.
    """

    def __init__(self, at: int) -> None:
        self.at = at

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        if runner.iter + 1 == self.at:
            os.kill(os.getpid(), signal.SIGKILL)
