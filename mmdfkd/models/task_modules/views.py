"""Random differentiable views of a batch: crops and flips (CMI)."""
import torch
import torch.nn.functional as F
from torch import nn

from .random_stream import RandomStream


class RandomViews(nn.Module):
    """Per-image random crops and flips that gradients flow through.

    Each view is an affine resampling of the batch (``grid_sample``,
    bilinear, zeros outside the image), so the synthesis losses of CMI can
    be taken on augmented views of generated images, and a student can be
    trained on views of its batches. The draws come from a checkpointed
    :class:`RandomStream`: a resumed run draws the same views.

    Args:
        padding (int): The global view's crop: a shift of up to
            ``padding`` pixels along each axis, as a random crop of the
            image padded by ``padding``. Defaults to 4.
        min_scale (float): The local view's crop: a square covering a
            random share in ``[min_scale, 1]`` of the image area, at a
            random position inside it, resized to the image size.
            Defaults to 0.25.
        flip (bool): Flip each view horizontally with probability 1/2.
            Defaults to True.
    """

    #: The views :meth:`forward` takes.
    kinds = ('global', 'local')

    def __init__(self,
                 padding: int = 4,
                 min_scale: float = 0.25,
                 flip: bool = True) -> None:
        super().__init__()
        if padding < 0 or not 0 < min_scale <= 1:
            raise ValueError(
                f'RandomViews needs padding >= 0 and min_scale in (0, 1], '
                f'got {padding} and {min_scale}.')
        self.padding = padding
        self.min_scale = min_scale
        self.flip = flip
        self.stream = RandomStream()

    def forward(self, images: torch.Tensor,
                kind: str = 'global') -> torch.Tensor:
        """The :meth:`global_view` or the :meth:`local_view` of ``images``.

        Args:
            images (Tensor): ``(N, C, H, W)``.
            kind (str): ``'global'`` or ``'local'``. Defaults to
                ``'global'``.
        """
        if kind not in self.kinds:
            raise ValueError(
                f'A view is one of {list(self.kinds)}, got {kind!r}.')
        return self.global_view(images) if kind == 'global' else \
            self.local_view(images)

    def _resample(self, images: torch.Tensor, side: torch.Tensor,
                  shift: torch.Tensor, flip: torch.Tensor) -> torch.Tensor:
        """Resample the square crop of relative ``side`` centred at
        ``shift`` (normalised coordinates), flipped where ``flip``."""
        num = len(images)
        theta = images.new_zeros(num, 2, 3)
        theta[:, 0, 0] = side * torch.where(flip, -1.0, 1.0).to(side)
        theta[:, 1, 1] = side
        theta[:, :, 2] = shift
        grid = F.affine_grid(theta, list(images.shape), align_corners=False)
        return F.grid_sample(images, grid, mode='bilinear',
                             padding_mode='zeros', align_corners=False)

    def _draws(self, num: int, columns: int) -> torch.Tensor:
        """``num x columns`` uniform draws from the stream, on CPU."""
        with self.stream.generator() as gen:
            return torch.rand(num, columns, generator=gen)

    def global_view(self, images: torch.Tensor) -> torch.Tensor:
        """A random crop of the padded image, of the image's size; flips.

        Args:
            images (Tensor): ``(N, C, H, W)``.
        """
        height, width = images.shape[-2:]
        draws = self._draws(len(images), 3).to(images.device)
        # Shifts of up to ``padding`` pixels, in normalised coordinates.
        pixels = (2 * draws[:, :2] - 1) * self.padding
        shift = torch.stack([2 * pixels[:, 0] / width,
                             2 * pixels[:, 1] / height], dim=1)
        flip = self.flip & (draws[:, 2] < 0.5)
        return self._resample(images, torch.ones_like(draws[:, 0]),
                              shift.to(images.dtype), flip)

    def local_view(self, images: torch.Tensor) -> torch.Tensor:
        """A random square crop of ``[min_scale, 1]`` of the area, resized
        to the image's size; flips.

        Args:
            images (Tensor): ``(N, C, H, W)``.
        """
        draws = self._draws(len(images), 4).to(images.device)
        area = self.min_scale + (1 - self.min_scale) * draws[:, 0]
        side = area.sqrt()
        # The crop stays inside the image: its centre moves by at most
        # 1 - side in normalised coordinates.
        shift = (2 * draws[:, 1:3] - 1) * (1 - side)[:, None]
        flip = self.flip & (draws[:, 3] < 0.5)
        return self._resample(images, side.to(images.dtype),
                              shift.to(images.dtype), flip)


def mean_over_space(feature: torch.Tensor) -> torch.Tensor:
    """Per-sample, per-channel mean of a feature map, ``(N, C)``."""
    return feature.flatten(2).mean(dim=2) if feature.dim() > 2 else feature

