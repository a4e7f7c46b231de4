"""High-level entry points: rebuild a trained run, write synthetic data."""
from .inference import dataset_class_names, init_distiller
from .runner import build_runner
from .synthesis import (
    SyntheticDataset,
    class_folders,
    select_classes,
    write_synthetic_dataset,
)

__all__ = [
    'SyntheticDataset', 'build_runner', 'class_folders',
    'dataset_class_names', 'init_distiller', 'select_classes',
    'write_synthetic_dataset'
]
