"""Save a grid of generated samples during training."""
import copy
from typing import Optional, Sequence

import numpy as np
import torch
from mmengine.hooks import Hook
from torchvision.utils import make_grid

from mmdfkd.models.utils import (
    normalisation_statistics,
    to_pixels,
    unwrap_model,
)
from mmdfkd.registry import HOOKS


@HOOKS.register_module()
class GeneratedSamplesHook(Hook):
    """Draw the generator's samples through the runner's Visualizer.

    Every ``interval`` iterations, the same fixed latent codes are decoded
    and de-normalised with the model's preprocessor statistics, so the grids
    show how the synthetic data evolve. Images go to every backend of the
    Visualizer: files under ``<work_dir>/<timestamp>/vis_data/vis_image``
    with the local backend, the TensorBoard image tab with
    ``TensorboardVisBackend``. A conditional generator draws the classes
    in turn, ``0, 1, 2, ...``, so each class keeps its place in the grid.

    Args:
        interval (int): Iterations between grids. Defaults to 500.
        num_samples (int): Images per grid. Defaults to 64.
        nrow (int): Images per grid row. Defaults to 8.
        mean (Sequence[float], optional): Per-channel mean of the normalised
            input space (0-255 units). Defaults to the model's
            ``data_preprocessor.mean``.
        std (Sequence[float], optional): Per-channel std, likewise.
        seed (int): Seed of the fixed latent codes. Defaults to 0.
    """

    priority = 'LOW'

    def __init__(self,
                 interval: int = 500,
                 num_samples: int = 64,
                 nrow: int = 8,
                 mean: Optional[Sequence[float]] = None,
                 std: Optional[Sequence[float]] = None,
                 seed: int = 0) -> None:
        self.interval = interval
        self.num_samples = num_samples
        self.nrow = nrow
        self.mean = mean
        self.std = std
        self.seed = seed

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        """Draw a grid every ``interval`` iterations and at the end."""
        if self.every_n_train_iters(runner, self.interval) or \
                self.is_last_train_iter(runner):
            grid = self.sample_grid(unwrap_model(runner.model))
            runner.visualizer.add_image(
                'generated', grid, step=runner.iter + 1)

    @torch.no_grad()
    def sample_grid(self, model: torch.nn.Module) -> np.ndarray:
        """Return an ``(H, W, 3)`` uint8 RGB grid of generated images.

        Args:
            model (nn.Module): The (unwrapped) data-free algorithm.
        """
        # A copy in train mode samples as in training (batch statistics)
        # without touching the real generator's running statistics.
        generator = copy.deepcopy(unwrap_model(model.generator)).train()
        device = next(generator.parameters()).device
        rng = torch.Generator().manual_seed(self.seed)
        z = torch.randn(self.num_samples, generator.latent_dim, generator=rng)
        labels = generator.cycled_labels(self.num_samples, device)
        images = model.generate(z.to(device), labels, generator)
        mean, std = normalisation_statistics(model.data_preprocessor,
                                             self.mean, self.std)
        images = to_pixels(images, mean, std) / 255
        grid = make_grid(images.cpu(), nrow=self.nrow, padding=2)
        if grid.shape[0] == 1:
            grid = grid.expand(3, -1, -1)
        return (grid[:3] * 255).round().byte().permute(1, 2, 0).numpy()
