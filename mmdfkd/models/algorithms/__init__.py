from .base_datafree import BaseDataFreeDistiller, LatentDraw
from .cgdd import CGDD
from .datafree_distiller import DataFreeDistiller
from .ddad import DDAD

__all__ = [
    'BaseDataFreeDistiller', 'CGDD', 'DataFreeDistiller', 'DDAD', 'LatentDraw'
]
