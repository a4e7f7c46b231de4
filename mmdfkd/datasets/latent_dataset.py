"""The data-free "dataset": latent codes for the generator."""
from typing import Dict, Optional

import numpy as np
import torch
from torch.utils.data import Dataset

from mmdfkd.registry import DATASETS


@DATASETS.register_module()
class LatentDataset(Dataset):
    """Gaussian latent codes that are a pure function of ``(seed, index)``.

    Data-free training reads no images: each sample is a stack of
    ``num_draws`` codes ``z ~ N(0, I)``, one per network update of a
    training iteration (e.g. five student steps and one generator step).
    Because a code depends only on its index, the stock samplers, workers,
    ``--resume`` and distributed training need nothing special, and runs
    are reproducible.

    With ``num_classes`` set, each sample also holds a preset class label
    per draw, for conditional generators (CGDD): draw ``d`` of sample ``i``
    has the label ``order[(i + d) % num_classes]``, with ``order`` a
    permutation of the classes drawn from ``seed``. So labels too are a
    pure function of ``(seed, index)``, and every run of ``B`` consecutive
    indices holds, for every draw, each class ``floor(B / num_classes)`` or
    ``ceil(B / num_classes)`` times: exactly balanced when ``B`` is a
    multiple of ``num_classes``. A batch is such a run with the configs'
    ``sampler=dict(type='InfiniteSampler', shuffle=False)``; with ``W``
    distributed processes it is the global batch of ``B * W`` samples that
    is a run (process ``r`` reads indices ``r, r + W, ...``).

    Args:
        latent_dim (int): Length of a code; must match the generator's.
            Defaults to 256.
        num_draws (int): Codes per sample. Defaults to 1.
        length (int): Number of samples; samplers repeat after it.
            Defaults to 2**20.
        seed (int): Seed of the code stream. Defaults to 0.
        num_classes (int, optional): Number of classes of the preset
            labels; None (default) for no labels.
    """

    def __init__(self,
                 latent_dim: int = 256,
                 num_draws: int = 1,
                 length: int = 2**20,
                 seed: int = 0,
                 num_classes: Optional[int] = None) -> None:
        if min(latent_dim, num_draws, length) < 1 or \
                (num_classes is not None and num_classes < 1):
            raise ValueError(
                f'LatentDataset needs positive latent_dim, num_draws, '
                f'length and num_classes, got {latent_dim}, {num_draws}, '
                f'{length}, {num_classes}.')
        self.latent_dim = latent_dim
        self.num_draws = num_draws
        self.length = length
        self.seed = seed
        self.num_classes = num_classes
        if num_classes is not None:
            # A seeded class order, so that two seeds give different labels.
            self.class_order = torch.from_numpy(
                np.random.default_rng(seed).permutation(num_classes))
        self.metainfo = dict(latent_dim=latent_dim, num_draws=num_draws,
                             num_classes=num_classes)

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> Dict[str, torch.Tensor]:
        """Return ``dict(inputs=z)`` with ``z`` of shape
        ``(num_draws, latent_dim)``, and with ``num_classes`` set also
        ``labels``, a LongTensor of shape ``(num_draws, )``."""
        if not 0 <= index < self.length:
            raise IndexError(f'index {index} out of range [0, {self.length})')
        rng = np.random.default_rng([self.seed, index])
        codes = rng.standard_normal((self.num_draws, self.latent_dim),
                                    dtype=np.float32)
        sample = dict(inputs=torch.from_numpy(codes))
        if self.num_classes is not None:
            slots = (index + torch.arange(self.num_draws)) % self.num_classes
            sample['labels'] = self.class_order[slots]
        return sample
