from .connectors import FeatureConnectors
from .diagnostics import batch_diagnostics
from .feature_recorder import FeatureRecorder, find_submodules
from .objective import VIEWS, Objective, merge_terms
from .random_stream import RandomStream
from .sample_bank import SampleBank

__all__ = [
    'FeatureConnectors', 'FeatureRecorder', 'Objective', 'RandomStream',
    'SampleBank', 'VIEWS', 'batch_diagnostics', 'find_submodules',
    'merge_terms'
]
