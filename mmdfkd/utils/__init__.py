"""Utilities: stack compatibility, CPU distributed start-up and AMP."""
from .amp import enable_amp
from .compat import install_compat
from .dist import close_dist, init_dist_if_cpu, use_cpu_ddp
from .foreign_checkpoints import converter_hint, foreign_layout
from .safe_loading import UnsafeCheckpointError, safe_load

__all__ = [
    'UnsafeCheckpointError', 'close_dist', 'converter_hint', 'enable_amp',
    'foreign_layout', 'init_dist_if_cpu', 'install_compat', 'safe_load',
    'use_cpu_ddp'
]
