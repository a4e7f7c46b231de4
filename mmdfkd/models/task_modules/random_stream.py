"""A random number stream that is saved and restored with the model."""
from contextlib import contextmanager
from typing import Iterator

import torch
from torch import nn


class RandomStream(nn.Module):
    """A CPU ``torch.Generator`` whose state is a persistent buffer.

    mmengine re-seeds the global generators on ``--resume`` but does not
    restore their state, so a resumed run would draw other numbers than an
    uninterrupted one. Draws from this stream are checkpointed with the
    model instead: a resumed run continues the stream exactly. Its first
    state is seeded from the global generator, so runs of different seeds
    draw differently.
    """

    def __init__(self) -> None:
        super().__init__()
        seed = int(torch.randint(2**62, ()))
        self.register_buffer('state',
                             torch.Generator().manual_seed(seed).get_state())

    @contextmanager
    def generator(self) -> Iterator[torch.Generator]:
        """A generator at the stream's state; its draws advance the stream.

        Example:
            >>> with stream.generator() as gen:
            ...     index = torch.randperm(10, generator=gen)
        """
        gen = torch.Generator()
        gen.set_state(self.state.cpu())
        yield gen
        self.state.copy_(gen.get_state())
