from .config_checks import (
    check_iteration_based,
    default_model_wrapper,
    iter_schedulers,
)
from .datafree_runner import DataFreeRunner

__all__ = [
    'DataFreeRunner', 'check_iteration_based', 'default_model_wrapper',
    'iter_schedulers'
]
