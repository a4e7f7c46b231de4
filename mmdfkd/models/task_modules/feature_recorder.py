"""Record intermediate outputs of named sub-modules with forward hooks."""
import difflib
from contextlib import contextmanager
from typing import Any, Dict, Iterator, Sequence

from torch import nn

from mmdfkd.models.utils import unwrap_model

# Depth of the module paths listed when a path is wrong.
LISTED_DEPTH = 2


def find_submodules(model: nn.Module,
                    paths: Sequence[str]) -> Dict[str, nn.Module]:
    """The sub-modules of ``model`` named by dotted paths.

    Args:
        model (nn.Module): The network, possibly DDP-wrapped; paths are
            relative to the unwrapped network (``named_modules()`` names).
        paths (Sequence[str]): Paths such as ``'backbone.layer1'``.

    Returns:
        dict[str, nn.Module]: Path to sub-module, in the order of ``paths``.

    Raises:
        ValueError: If a path names no sub-module; the message lists the
            valid paths of the top two levels and the closest matches.
    """
    model = unwrap_model(model)
    modules = dict(model.named_modules())
    found = {}
    for path in paths:
        if path not in modules or not path:
            listed = [name for name in modules
                      if name and name.count('.') < LISTED_DEPTH]
            close = difflib.get_close_matches(path, list(modules), n=3)
            hint = f' Did you mean {close}?' if close else ''
            raise ValueError(
                f'{type(model).__name__} has no sub-module "{path}".{hint} '
                f'Valid paths are the names of named_modules(); the top '
                f'{LISTED_DEPTH} levels are: {listed}.')
        found[path] = modules[path]
    return found


class FeatureRecorder:
    """Record the outputs of named sub-modules during forwards.

    Forward hooks are registered only inside :meth:`record` and removed
    when it exits, so the network runs unchanged elsewhere. Recorded
    outputs keep their autograd graph: record a teacher under
    ``torch.no_grad()`` and a student with gradients to distil through
    its features. A module that runs several times in one block keeps its
    last output.

    Example:
        >>> recorder = FeatureRecorder(model, ['backbone.layer1'])
        >>> with recorder.record() as features:
        ...     logits = model(images, mode='tensor')
        >>> features['backbone.layer1'].shape

    Args:
        model (nn.Module): The network, possibly DDP-wrapped.
        paths (Sequence[str]): Dotted paths of the sub-modules to record,
            names from the unwrapped network's ``named_modules()``.

    Raises:
        ValueError: If a path names no sub-module (see
            :func:`find_submodules`).
    """

    def __init__(self, model: nn.Module, paths: Sequence[str]) -> None:
        self.modules = find_submodules(model, paths)

    @property
    def paths(self) -> Sequence[str]:
        """The recorded paths, without repetitions."""
        return tuple(self.modules)

    @contextmanager
    def record(self) -> Iterator[Dict[str, Any]]:
        """Hook the modules; yield the dict the forwards fill, path to output.
        """
        outputs: Dict[str, Any] = {}

        def make_hook(path: str):

            def hook(module, args, output):
                outputs[path] = output

            return hook

        handles = [
            module.register_forward_hook(make_hook(path))
            for path, module in self.modules.items()
        ]
        try:
            yield outputs
        finally:
            for handle in handles:
                handle.remove()
