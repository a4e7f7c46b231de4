"""Utilities: stack compatibility, CPU distributed start-up and AMP."""
from .amp import enable_amp
from .compat import install_compat
from .dist import close_dist, init_dist_if_cpu, use_cpu_ddp

__all__ = [
    'close_dist', 'enable_amp', 'init_dist_if_cpu', 'install_compat',
    'use_cpu_ddp'
]
