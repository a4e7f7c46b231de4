"""BatchNorm-statistics alignment loss (DeepInversion)."""
from contextlib import contextmanager
from typing import Iterator, List

import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmdfkd.registry import MODELS


def batchnorm_layers(model: nn.Module) -> List[_BatchNorm]:
    """All BatchNorm layers of ``model`` (BN1d/2d/3d and SyncBN) in order."""
    return [m for m in model.modules() if isinstance(m, _BatchNorm)]


@MODELS.register_module()
class BNStatisticsLoss(nn.Module):
    """Distance between batch statistics and BN running statistics.

    Yin et al., "Dreaming to Distill: Data-free Knowledge Transfer via
    DeepInversion", CVPR 2020. For every BatchNorm layer ``l`` of the
    teacher, with ``mu_l`` and biased ``var_l`` the per-channel statistics of
    the layer's *input* over all but the channel dimension::

        L_bn = sum_l w_l * (||mu_l - rm_l||_2 + ||var_l - rv_l||_2)

    where ``w_l`` is ``first_bn_multiplier`` for the first layer and 1 for
    the others. Inputs are recorded only inside :meth:`record`; the hooks
    are removed when it exits.

    Example:
        >>> loss_fn = BNStatisticsLoss()
        >>> with loss_fn.record(teacher):
        ...     logits = teacher(images)
        >>> loss = loss_fn()

    Args:
        first_bn_multiplier (float): Weight of the first BN layer's term
            (DeepInversion uses 10 for ImageNet-size teachers).
            Defaults to 1.
    """

    def __init__(self, first_bn_multiplier: float = 1.0) -> None:
        super().__init__()
        self.first_bn_multiplier = first_bn_multiplier
        self._terms: List[torch.Tensor] = []

    @staticmethod
    def layer_term(inputs: torch.Tensor, layer: _BatchNorm) -> torch.Tensor:
        """``||mu - running_mean||_2 + ||var - running_var||_2`` of a layer.

        Args:
            inputs (Tensor): The layer's input, ``(N, C, ...)``.
            layer (_BatchNorm): The layer, holding running statistics.

        Returns:
            Tensor: A scalar.
        """
        # Statistics in fp32 even under autocast: bf16 variances are coarse.
        dims = [0, *range(2, inputs.dim())]
        var, mean = torch.var_mean(inputs.float(), dim=dims, unbiased=False)
        return (torch.linalg.vector_norm(mean - layer.running_mean) +
                torch.linalg.vector_norm(var - layer.running_var))

    @staticmethod
    def tracked_layers(model: nn.Module) -> List[_BatchNorm]:
        """The BatchNorm layers of ``model`` with running statistics.

        Raises:
            ValueError: If ``model`` has none.
        """
        layers = [m for m in batchnorm_layers(model)
                  if m.track_running_stats and m.running_mean is not None]
        if not layers:
            raise ValueError(
                f'BNStatisticsLoss needs a teacher with BatchNorm layers '
                f'that track running statistics, but '
                f'{type(model).__name__} has none. Use a teacher with '
                f'BatchNorm, or disable the term with lambda_bn=0.')
        return layers

    @contextmanager
    def record(self, model: nn.Module) -> Iterator[None]:
        """Record the BN-statistics terms of forwards run inside the block.

        Args:
            model (nn.Module): The teacher; it must contain BatchNorm layers
                that track running statistics.

        Raises:
            ValueError: If ``model`` has no such BatchNorm layer.
        """
        layers = self.tracked_layers(model)
        self._terms = []

        def make_hook(weight: float):

            def hook(layer, args):
                self._terms.append(weight * self.layer_term(args[0], layer))

            return hook

        handles = [
            layer.register_forward_pre_hook(
                make_hook(self.first_bn_multiplier if i == 0 else 1.0))
            for i, layer in enumerate(layers)
        ]
        try:
            yield
        finally:
            for handle in handles:
                handle.remove()

    def forward(self) -> torch.Tensor:
        """Sum of the terms recorded by the last :meth:`record` block.

        Returns:
            Tensor: The scalar loss ``L_bn``.

        Raises:
            RuntimeError: If no BN input was recorded.
        """
        if not self._terms:
            raise RuntimeError(
                'BNStatisticsLoss has recorded nothing: run the teacher '
                'forward inside `with loss.record(teacher):` first.')
        loss = torch.stack(self._terms).sum()
        self._terms = []
        return loss
