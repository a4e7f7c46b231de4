from .base_datafree import BaseDataFreeDistiller
from .ddad import DDAD

__all__ = ['BaseDataFreeDistiller', 'DDAD']
