from .base_datafree import BaseDataFreeDistiller, LatentDraw
from .cgdd import CGDD
from .cmi import CMI
from .datafree_distiller import DataFreeDistiller
from .ddad import DDAD
from .deep_inversion import DeepInversion
from .fast_dfkd import FastDFKD
from .round_based import RoundBasedDistiller

__all__ = [
    'BaseDataFreeDistiller', 'CGDD', 'CMI', 'DataFreeDistiller', 'DDAD',
    'DeepInversion', 'FastDFKD', 'LatentDraw', 'RoundBasedDistiller'
]
