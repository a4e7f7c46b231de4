from .connectors import FeatureConnectors
from .feature_recorder import FeatureRecorder, find_submodules
from .objective import VIEWS, Objective, merge_terms
from .random_stream import RandomStream
from .sample_bank import SampleBank

__all__ = [
    'FeatureConnectors', 'FeatureRecorder', 'Objective', 'RandomStream',
    'SampleBank', 'VIEWS', 'find_submodules', 'merge_terms'
]
