"""Datasets: the data-free latent dataset, the embedded digits and the
on-disk image and segmentation datasets the students are evaluated on."""
from .caltech101 import Caltech101
from .camvid import CamVidDataset
from .digit_mosaic import DigitMosaicDataset
from .digits import DigitsDataset
from .imagenet_subset import ImageNetSubset
from .latent_dataset import LatentDataset
from .nyuv2 import NYUv2Dataset
from .tiny_imagenet import TinyImageNet

__all__ = [
    'Caltech101', 'CamVidDataset', 'DigitMosaicDataset', 'DigitsDataset',
    'ImageNetSubset', 'LatentDataset', 'NYUv2Dataset', 'TinyImageNet'
]
