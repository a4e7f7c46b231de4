from .base_generator import BaseGenerator
from .conditional_generator import ConditionalBatchNorm2d, ConditionalGenerator
from .dcgan_generator import DCGANGenerator
from .dfad_generator import DFADGenerator
from .pixel_generator import PixelGenerator

__all__ = [
    'BaseGenerator', 'DFADGenerator', 'DCGANGenerator', 'ConditionalGenerator',
    'ConditionalBatchNorm2d', 'PixelGenerator'
]
