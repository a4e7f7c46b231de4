"""Mixed-precision optimizer wrapper that also runs without a GPU."""
from contextlib import contextmanager
from typing import Iterator, Union

import torch
from mmengine.optim import OptimWrapper
from mmengine.runner.amp import autocast
from torch import nn

from mmdfkd.registry import OPTIM_WRAPPERS


@OPTIM_WRAPPERS.register_module()
class AutocastOptimWrapper(OptimWrapper):
    """An :class:`OptimWrapper` whose forward runs under autocast.

    mmengine's ``AmpOptimWrapper`` asserts that a GPU exists. This wrapper
    only adds ``autocast`` on the current device (bf16 on CPU) to the
    forward context, with no loss scaling: bf16 has the exponent range of
    fp32, so gradients do not underflow the way fp16 ones do. Parameters
    and optimizer states stay fp32.

    Example:
        >>> optim_wrapper = dict(
        ...     type='mmdfkd.AutocastOptimWrapper',
        ...     optimizer=dict(type='SGD', lr=0.1))

    Args:
        dtype (str or torch.dtype): Autocast precision, ``'bfloat16'`` or
            ``'float16'``; CPU autocast supports bf16 only. Defaults to
            ``'bfloat16'``.
        **kwargs: Keyword arguments of :class:`OptimWrapper`.
    """

    valid_dtypes = ('bfloat16', 'float16')

    def __init__(self,
                 dtype: Union[str, torch.dtype] = 'bfloat16',
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if isinstance(dtype, torch.dtype):
            dtype = str(dtype).replace('torch.', '')
        if dtype not in self.valid_dtypes:
            raise ValueError(
                f'dtype should be one of {self.valid_dtypes}, got {dtype!r}')
        self.cast_dtype = getattr(torch, dtype)

    @contextmanager
    def optim_context(self, model: nn.Module) -> Iterator[None]:
        """Run the forward under autocast, besides the base context.

        Args:
            model (nn.Module): The trained model.
        """
        with super().optim_context(model), autocast(dtype=self.cast_dtype):
            yield
