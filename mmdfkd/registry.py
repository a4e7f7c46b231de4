"""Registries of mmdfkd.

Every registry is a child of the matching mmengine root, with lazy
``locations``: a config may name ``'mmdfkd.DDAD'`` (or set
``custom_imports=dict(imports=['mmdfkd'])``) from any OpenMMLab scope and
the component is found without calling ``register_all_modules()``.
"""
from mmengine.registry import DATASETS as MMENGINE_DATASETS
from mmengine.registry import HOOKS as MMENGINE_HOOKS
from mmengine.registry import MODELS as MMENGINE_MODELS
from mmengine.registry import (
    OPTIM_WRAPPER_CONSTRUCTORS as MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS,
)
from mmengine.registry import OPTIM_WRAPPERS as MMENGINE_OPTIM_WRAPPERS
from mmengine.registry import RUNNERS as MMENGINE_RUNNERS
from mmengine.registry import Registry

__all__ = [
    'MODELS', 'DATASETS', 'HOOKS', 'OPTIM_WRAPPERS',
    'OPTIM_WRAPPER_CONSTRUCTORS', 'RUNNERS', 'ALL_REGISTRIES'
]

# Generators, distillation algorithms and losses.
MODELS = Registry(
    'model', parent=MMENGINE_MODELS, locations=['mmdfkd.models'])
# The data-free latent dataset, the embedded digits and the on-disk image
# datasets (Caltech101, Tiny-ImageNet, ImageNet subsets).
DATASETS = Registry(
    'dataset', parent=MMENGINE_DATASETS, locations=['mmdfkd.datasets'])
# Hooks such as the generated-sample visualisation.
HOOKS = Registry('hook', parent=MMENGINE_HOOKS, locations=['mmdfkd.engine'])
# Optimizer wrappers (CPU bf16 autocast).
OPTIM_WRAPPERS = Registry(
    'optim_wrapper',
    parent=MMENGINE_OPTIM_WRAPPERS,
    locations=['mmdfkd.engine'])
# One optimizer per sub-network (generator, student).
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS,
    locations=['mmdfkd.engine'])
# The data-free runner, which checks a config before anything is trained.
RUNNERS = Registry(
    'runner', parent=MMENGINE_RUNNERS, locations=['mmdfkd.engine'])

# Every registry above, for name look-ups and suggestions.
ALL_REGISTRIES = (MODELS, DATASETS, HOOKS, OPTIM_WRAPPERS,
                  OPTIM_WRAPPER_CONSTRUCTORS, RUNNERS)
