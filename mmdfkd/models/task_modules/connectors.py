"""Learned 1x1 convolutions that map student features to teacher widths."""
from typing import List, Sequence, Tuple

import torch
from torch import nn


class FeatureConnectors(nn.ModuleDict):
    """One 1x1 convolution per feature pair, student -> teacher channels.

    The regressors of FitNets (Romero et al., ICLR 2015), reduced to 1x1
    convolutions: they let a thin student's feature maps be compared with
    a wide teacher's. Entry ``str(i)`` maps the student feature of pair
    ``i``. The forward takes all the pairs at once so that, under
    distributed training, the connectors run through their own DDP
    wrapper once per step and their gradients are synchronised.

    Args:
        channels (Sequence[tuple[int, int]]): ``(student_channels,
            teacher_channels)`` of each pair; empty for no connector.
    """

    def __init__(self, channels: Sequence[Tuple[int, int]] = ()) -> None:
        super().__init__({
            str(i): nn.Conv2d(student, teacher, 1)
            for i, (student, teacher) in enumerate(channels)
        })

    def forward(self,
                features: Sequence[torch.Tensor]) -> List[torch.Tensor]:
        """Map the student feature maps ``(N, C_s, H, W)`` of all pairs.

        Args:
            features (Sequence[Tensor]): One map per pair, in pair order.

        Returns:
            list[Tensor]: Maps with the teacher's channel counts.
        """
        if len(features) != len(self):
            raise ValueError(
                f'FeatureConnectors holds {len(self)} connectors, got '
                f'{len(features)} feature maps.')
        return [self[str(i)](feature) for i, feature in enumerate(features)]
