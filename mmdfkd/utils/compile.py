"""``torch.compile`` for the networks of a distillation, or eager."""
import copy
import warnings
from typing import Callable

import torch

# The networks of a data-free algorithm that run in every iteration.
NETWORKS = ('teacher', 'student', 'generator')


def compile_networks(model: torch.nn.Module,
                     trial: Callable[[], object]) -> bool:
    """Compile the networks, or keep them eager with a warning.

    Each network is compiled in place (``nn.Module.compile``, i.e.
    ``torch.compile`` of its call): the algorithm keeps its own modules,
    which it tests and unwraps as such. Compilation happens at the first
    call, so ``trial`` runs once compiled; whatever fails there (no C++
    compiler, an unsupported op or platform) leaves the networks eager.

    Args:
        model (nn.Module): The unwrapped algorithm, changed in place.
        trial (Callable): A first call through the networks.

    Returns:
        bool: Whether the networks are compiled.
    """
    networks = [getattr(model, name) for name in NETWORKS]
    try:
        for net in networks:
            net.compile()
        trial()
    except Exception as error:
        for net in networks:
            # What nn.Module.compile set: calls are eager again.
            net._compiled_call_impl = None
        warnings.warn(
            f'torch.compile failed ({error!r}): the networks run eagerly.',
            stacklevel=2)
        return False
    return True


def compile_for_training(model: torch.nn.Module) -> bool:
    """Compile a data-free algorithm's networks before training.

    The trial is a forward and backward pass of generated probe images
    through teacher and student in training mode; the model's state
    (BatchNorm statistics included), its gradients and the global random
    state are restored after it, so that compiling does not change the
    run.

    Args:
        model (nn.Module): The unwrapped algorithm.

    Returns:
        bool: Whether the networks are compiled.
    """
    state = copy.deepcopy(model.state_dict())
    cpu_rng = torch.get_rng_state()
    cuda_rng = torch.cuda.get_rng_state_all() \
        if torch.cuda.is_available() else None

    def trial() -> None:
        images = model.probe_images()
        loss = (model.logits(model.teacher, images).float().sum() +
                model.logits(model.student, images).float().sum())
        loss.backward()

    try:
        return compile_networks(model, trial)
    finally:
        model.load_state_dict(state)
        for param in model.parameters():
            param.grad = None
        torch.set_rng_state(cpu_rng)
        if cuda_rng is not None:
            torch.cuda.set_rng_state_all(cuda_rng)
