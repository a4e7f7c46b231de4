from .autocast_optim_wrapper import AutocastOptimWrapper
from .per_module_constructor import PerModuleOptimWrapperConstructor

__all__ = ['AutocastOptimWrapper', 'PerModuleOptimWrapperConstructor']
