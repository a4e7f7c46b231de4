"""The data-free "dataset": latent codes for the generator."""
from typing import Dict

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

    Args:
        latent_dim (int): Length of a code; must match the generator's.
            Defaults to 256.
        num_draws (int): Codes per sample. Defaults to 1.
        length (int): Number of samples; samplers repeat after it.
            Defaults to 2**20.
        seed (int): Seed of the code stream. Defaults to 0.
    """

    def __init__(self,
                 latent_dim: int = 256,
                 num_draws: int = 1,
                 length: int = 2**20,
                 seed: int = 0) -> None:
        if min(latent_dim, num_draws, length) < 1:
            raise ValueError(
                f'LatentDataset needs positive latent_dim, num_draws and '
                f'length, got {latent_dim}, {num_draws}, {length}.')
        self.latent_dim = latent_dim
        self.num_draws = num_draws
        self.length = length
        self.seed = seed
        self.metainfo = dict(latent_dim=latent_dim, num_draws=num_draws)

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> Dict[str, torch.Tensor]:
        """Return ``dict(inputs=z)`` with ``z`` of shape
        ``(num_draws, latent_dim)``."""
        if not 0 <= index < self.length:
            raise IndexError(f'index {index} out of range [0, {self.length})')
        rng = np.random.default_rng([self.seed, index])
        codes = rng.standard_normal((self.num_draws, self.latent_dim),
                                    dtype=np.float32)
        return dict(inputs=torch.from_numpy(codes))
