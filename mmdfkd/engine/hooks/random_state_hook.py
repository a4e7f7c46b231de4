"""Random number generator states in checkpoints, for an exact resume."""
import random
from typing import Optional

import numpy as np
import torch
from mmengine.hooks import Hook

from mmdfkd.registry import HOOKS

__all__ = ['RandomStateHook']

KEY = 'random_states'


def _capture() -> dict:
    """The states of torch's, numpy's and Python's generators."""
    name, keys, pos, has_gauss, cached = np.random.get_state()
    states = dict(
        torch=torch.get_rng_state(),
        numpy=dict(
            name=name,
            keys=torch.from_numpy(keys.astype(np.int64)),
            pos=int(pos),
            has_gauss=int(has_gauss),
            cached_gaussian=float(cached)),
        python=random.getstate())
    if torch.cuda.is_available():
        states['cuda'] = torch.cuda.get_rng_state_all()
    return states


def _restore(states: dict) -> None:
    """Set the generators to states :func:`_capture` returned."""
    torch.set_rng_state(states['torch'])
    numpy = states['numpy']
    np.random.set_state(
        (numpy['name'], numpy['keys'].numpy().astype(np.uint32),
         numpy['pos'], numpy['has_gauss'], numpy['cached_gaussian']))
    random.setstate(_as_tuples(states['python']))
    if 'cuda' in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states['cuda'])


@HOOKS.register_module()
class RandomStateHook(Hook):
    """Save the RNG states with each checkpoint and restore them on resume.

    mmengine re-seeds a resumed run from its seed, so anything that draws
    from the global generators during training (dropout in a segmentor's
    head, random augmentations) would draw other numbers after a resume
    than the uninterrupted run did. The states of torch's CPU (and CUDA)
    generators, numpy's and Python's are stored under ``random_states``
    (numpy's key array as a tensor, which the safe loader accepts).

    The iteration after a checkpoint starts from the saved states in the
    uninterrupted run and in a resumed one alike: what draws numbers in
    between (a validation's data loader, the resumed run's new train
    loader) then changes nothing.

    Checkpoints are written by rank 0, so with several processes the other
    ranks resume with rank 0's states: their results stay valid but are
    exact across a resume only when training draws nothing per rank.
    :class:`~mmdfkd.engine.DataFreeRunner` registers this hook itself.
    """

    priority = 'VERY_LOW'

    def __init__(self) -> None:
        self._pending: Optional[dict] = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        """Store the generators' states in the checkpoint.

        Args:
            runner (Runner): The runner.
            checkpoint (dict): The checkpoint being saved.
        """
        checkpoint[KEY] = self._pending = _capture()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """Restore the states at the next iteration, when resuming.

        Args:
            runner (Runner): The runner.
            checkpoint (dict): The loaded checkpoint.
        """
        if runner._resume:
            self._pending = checkpoint.get(KEY)

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        """Start the iteration after a checkpoint from its saved states.

        Args:
            runner (Runner): The runner.
            batch_idx (int): The iteration's index.
            data_batch: The iteration's data.
        """
        if self._pending is not None:
            _restore(self._pending)
            self._pending = None


def _as_tuples(state):
    """``random.setstate`` needs tuples where a round trip may give lists."""
    if isinstance(state, (list, tuple)):
        return tuple(_as_tuples(item) for item in state)
    return state
