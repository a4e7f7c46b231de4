from .connectors import FeatureConnectors
from .feature_recorder import FeatureRecorder, find_submodules
from .objective import VIEWS, Objective, merge_terms

__all__ = [
    'FeatureConnectors', 'FeatureRecorder', 'Objective', 'VIEWS',
    'find_submodules', 'merge_terms'
]
