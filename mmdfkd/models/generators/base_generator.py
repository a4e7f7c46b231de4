"""Common interface of the image generators."""
from typing import Optional, Sequence, Tuple, Union

import torch
from mmengine.model import BaseModule


def to_hw(img_size: Union[int, Sequence[int]]) -> Tuple[int, int]:
    """Return ``(H, W)`` for an int or a pair."""
    if isinstance(img_size, int):
        return img_size, img_size
    height, width = img_size
    return int(height), int(width)


class BaseGenerator(BaseModule):
    """Maps latent codes ``z`` of shape ``(B, latent_dim)`` to images.

    The images live in the teacher's *normalised* input space: they are fed
    to the teacher and the student as they are, without a data preprocessor.

    A *conditional* generator (``conditional = True``) also takes a class
    label per code, ``forward(z, labels)``, and has a ``num_classes``
    attribute; the algorithms pass labels to conditional generators only.

    Args:
        latent_dim (int): Length of a latent code.
        img_size (int | Sequence[int]): Output size, ``S`` or ``(H, W)``.
        out_channels (int): Image channels. Defaults to 3.
        init_cfg (dict, optional): Weight initialisation. Defaults to None.
    """

    conditional: bool = False

    def __init__(self,
                 latent_dim: int,
                 img_size: Union[int, Sequence[int]],
                 out_channels: int = 3,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.latent_dim = latent_dim
        self.img_size = to_hw(img_size)
        self.out_channels = out_channels

    def cycled_labels(
            self,
            num: int,
            device: Optional[torch.device] = None) -> Optional[torch.Tensor]:
        """Labels ``0, 1, 2, ...`` cycling over the classes, for previews
        and shape checks; None for an unconditional generator.

        Args:
            num (int): Number of labels.
            device (torch.device, optional): Their device.
        """
        return None

    def check_latent(self, z: torch.Tensor) -> None:
        """Raise a clear error when ``z`` does not fit this generator."""
        if z.dim() != 2 or z.shape[1] != self.latent_dim:
            raise ValueError(
                f'{type(self).__name__} expects latent codes of shape '
                f'(B, {self.latent_dim}), got {tuple(z.shape)}. Set the '
                f'latent dataset\'s latent_dim to the generator\'s.')
