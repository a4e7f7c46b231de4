from .connectors import FeatureConnectors
from .feature_recorder import FeatureRecorder, find_submodules

__all__ = ['FeatureRecorder', 'find_submodules', 'FeatureConnectors']
