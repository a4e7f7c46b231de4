"""mmdfkd: data-free knowledge distillation for OpenMMLab."""
from .utils.compat import install_compat

install_compat()

from . import datasets, engine, models  # noqa: E402,F401  (registration)
from .version import __version__  # noqa: E402

__all__ = ['__version__']
