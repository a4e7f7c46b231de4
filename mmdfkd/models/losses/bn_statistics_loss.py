"""BatchNorm-statistics alignment loss (DeepInversion)."""
from contextlib import contextmanager
from typing import Iterator, List, Sequence, Tuple

import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmdfkd.registry import MODELS


def batchnorm_layers(model: nn.Module) -> List[_BatchNorm]:
    """All BatchNorm layers of ``model`` (BN1d/2d/3d and SyncBN) in order."""
    return [m for m in model.modules() if isinstance(m, _BatchNorm)]


# The recorded input of each tracked BN layer: what the loss reads.
BNRecord = Tuple[torch.Tensor, _BatchNorm]


@contextmanager
def record_bn_inputs(model: nn.Module) -> Iterator[List[BNRecord]]:
    """Record the input of every tracked BN layer of ``model`` in a block.

    Hooks exist only inside the block, so the teacher's other forwards
    (the student steps, validation) pay nothing for them.

    Example:
        >>> with record_bn_inputs(teacher) as records:
        ...     logits = teacher(images, mode='tensor')
        >>> loss = BNStatisticsLoss()(records)

    Args:
        model (nn.Module): The teacher.

    Yields:
        list[tuple[Tensor, _BatchNorm]]: ``(input, layer)`` per BN call, in
        call order, filled by the forwards of the block.

    Raises:
        ValueError: If ``model`` has no BN layer with running statistics.
    """
    records: List[BNRecord] = []
    handles = [
        layer.register_forward_pre_hook(
            lambda layer, args: records.append((args[0], layer)))
        for layer in BNStatisticsLoss.tracked_layers(model)
    ]
    try:
        yield records
    finally:
        for handle in handles:
            handle.remove()


@MODELS.register_module()
class BNStatisticsLoss(nn.Module):
    """Distance between batch statistics and BN running statistics.

    Yin et al., "Dreaming to Distill: Data-free Knowledge Transfer via
    DeepInversion", CVPR 2020. For every BatchNorm layer ``l`` of the
    teacher, with ``mu_l`` and biased ``var_l`` the per-channel statistics of
    the layer's *input* over all but the channel dimension::

        L_bn = sum_l w_l * (||mu_l - rm_l||_2 + ||var_l - rv_l||_2)

    where ``w_l`` is ``first_bn_multiplier`` for the first layer and 1 for
    the others. It reads the ``teacher_bn`` records of
    :func:`record_bn_inputs` and keeps no state between calls.

    Two knobs change the scale of the term against the generator's other
    terms (the sum grows with the depth and the widths of the teacher and
    with the size of its activations). ``standardize=True`` measures each
    layer in units of its running statistics, the root mean square over
    the ``C`` channels of the relative deviations::

        ||(mu_l - rm_l) / sqrt(rv_l + eps)||_2 / sqrt(C)
            + ||(var_l - rv_l) / (rv_l + eps)||_2 / sqrt(C)

    so every layer counts alike whatever its width and activation scale;
    ``reduction='mean'`` averages the layers' terms instead of summing
    them.

    Args:
        first_bn_multiplier (float): Weight of the first BN layer's term
            (DeepInversion uses 10 for ImageNet-size teachers).
            Defaults to 1.
        standardize (bool): Measure each layer relative to its running
            statistics, as above. Defaults to False (DeepInversion's
            absolute form).
        reduction (str): ``'sum'`` (DeepInversion) or ``'mean'`` over the
            layers. Defaults to ``'sum'``.
    """

    # The objective view it reads (see DataFreeDistiller).
    inputs = ('teacher_bn', )
    # Keeps the standardised terms finite for a channel of zero variance.
    eps = 1e-5

    def __init__(self,
                 first_bn_multiplier: float = 1.0,
                 standardize: bool = False,
                 reduction: str = 'sum') -> None:
        super().__init__()
        if reduction not in ('sum', 'mean'):
            raise ValueError(
                f'BNStatisticsLoss reduction must be \'sum\' or \'mean\', '
                f'got {reduction!r}.')
        self.first_bn_multiplier = first_bn_multiplier
        self.standardize = standardize
        self.reduction = reduction

    @staticmethod
    def layer_term(inputs: torch.Tensor,
                   layer: _BatchNorm,
                   standardize: bool = False) -> torch.Tensor:
        """``||mu - running_mean||_2 + ||var - running_var||_2`` of a layer.

        Args:
            inputs (Tensor): The layer's input, ``(N, C, ...)``.
            layer (_BatchNorm): The layer, holding running statistics.
            standardize (bool): Relative to the running statistics, see
                the class. Defaults to False.

        Returns:
            Tensor: A scalar.
        """
        # Statistics in fp32 even under autocast: bf16 variances are coarse.
        dims = [0, *range(2, inputs.dim())]
        var, mean = torch.var_mean(inputs.float(), dim=dims, unbiased=False)
        mean_gap = mean - layer.running_mean
        var_gap = var - layer.running_var
        if not standardize:
            return (torch.linalg.vector_norm(mean_gap) +
                    torch.linalg.vector_norm(var_gap))
        running_var = layer.running_var + BNStatisticsLoss.eps
        rms = mean_gap.numel()**-0.5
        return rms * (torch.linalg.vector_norm(mean_gap / running_var.sqrt())
                      + torch.linalg.vector_norm(var_gap / running_var))

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
                f'BatchNorm, or remove the BN term (e.g. '
                f'model.generator_losses.loss_bn.weight=0).')
        return layers

    def forward(self, records: Sequence[BNRecord]) -> torch.Tensor:
        """``L_bn`` of the recorded BN inputs.

        Args:
            records (Sequence[tuple[Tensor, _BatchNorm]]): From
                :func:`record_bn_inputs`, in call order.

        Returns:
            Tensor: The scalar loss ``L_bn``.

        Raises:
            RuntimeError: If nothing was recorded.
        """
        if not records:
            raise RuntimeError(
                'BNStatisticsLoss got no BN inputs: run the teacher inside '
                '`with record_bn_inputs(teacher) as records:`.')
        terms = torch.stack([
            (self.first_bn_multiplier if i == 0 else 1.0) *
            self.layer_term(inputs, layer, self.standardize)
            for i, (inputs, layer) in enumerate(records)
        ])
        return terms.sum() if self.reduction == 'sum' else terms.mean()
