"""Datasets: the data-free latent dataset, the embedded digits and the
on-disk image datasets the students are evaluated on."""
from .caltech101 import Caltech101
from .digits import DigitsDataset
from .imagenet_subset import ImageNetSubset
from .latent_dataset import LatentDataset
from .tiny_imagenet import TinyImageNet

__all__ = [
    'Caltech101', 'DigitsDataset', 'ImageNetSubset', 'LatentDataset',
    'TinyImageNet'
]
