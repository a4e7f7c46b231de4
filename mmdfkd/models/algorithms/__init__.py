from .base_datafree import BaseDataFreeDistiller, LatentDraw
from .cgdd import CGDD
from .ddad import DDAD

__all__ = ['BaseDataFreeDistiller', 'LatentDraw', 'DDAD', 'CGDD']
