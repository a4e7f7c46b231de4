from .connectors import FeatureConnectors
from .diagnostics import batch_diagnostics, class_entropy
from .feature_recorder import FeatureRecorder, find_submodules
from .objective import METHOD_VIEWS, VIEWS, Objective, merge_terms
from .random_stream import RandomStream
from .sample_bank import SampleBank
from .views import RandomViews, mean_over_space

__all__ = [
    'FeatureConnectors', 'FeatureRecorder', 'METHOD_VIEWS', 'Objective',
    'RandomStream', 'RandomViews', 'SampleBank', 'VIEWS',
    'batch_diagnostics', 'class_entropy', 'find_submodules',
    'mean_over_space', 'merge_terms'
]
