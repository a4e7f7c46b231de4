"""High-level entry points: rebuild a trained run, write synthetic data,
train a teacher, measure a distillation."""
from .benchmark import (
    class_fidelity,
    in_fresh_process,
    measure_distillation,
    peak_memory_mb,
)
from .inference import dataset_class_names, init_distiller
from .runner import build_runner
from .synthesis import (
    SyntheticDataset,
    class_folders,
    conditional_codes,
    select_classes,
    write_synthetic_dataset,
)
from .teacher import ensure_teacher

__all__ = [
    'SyntheticDataset', 'build_runner', 'class_fidelity', 'class_folders',
    'conditional_codes', 'dataset_class_names', 'ensure_teacher',
    'in_fresh_process', 'init_distiller', 'measure_distillation',
    'peak_memory_mb', 'select_classes', 'write_synthetic_dataset'
]
