from .base_generator import BaseGenerator
from .dcgan_generator import DCGANGenerator
from .dfad_generator import DFADGenerator

__all__ = ['BaseGenerator', 'DFADGenerator', 'DCGANGenerator']
