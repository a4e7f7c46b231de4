"""The DFAD training loop in plain PyTorch: the reference of speed tests.

Fang et al., "Data-Free Adversarial Distillation" (arXiv 1912.11006)
train a student on a generator's images. One iteration of the public
training loop computes:

- ``student_steps`` (5) student updates: codes ``z ~ N(0, I)``, images
  ``G(z)`` detached from the generator, teacher logits with autograd on
  (the public loop wraps the teacher in no ``no_grad`` and leaves its
  weights trainable), student logits, the L1 distance of the two, an SGD
  step;
- one generator update: fresh codes, ``x = G(z)``, the loss
  ``-L1(S(x), T(x))``, an Adam step;

in NCHW, fp32, eager mode. ``tools/analysis_tools/benchmark_speed.py
--reference`` times this loop against mmdfkd's iteration on the same
networks; this script times the loop alone::

    python tools/analysis_tools/reference_dfad_loop.py CONFIG \\
        [--iters 10] [--warmup 2] [--device cpu] [--cfg-options ...]
"""
import argparse
import copy
import statistics
import time
from typing import Callable, Dict, NamedTuple, Union

import torch
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.registry import DefaultScope
from torch import nn

# Importing mmdfkd installs the stack work-arounds and registers modules.
from mmdfkd.models.algorithms import BaseDataFreeDistiller
from mmdfkd.models.utils import unwrap_model
from mmdfkd.registry import MODELS
from mmdfkd.utils.cfg_options import load_config


def default_device() -> str:
    """``'cuda'`` when a GPU is available, else ``'cpu'``."""
    return 'cuda' if torch.cuda.is_available() else 'cpu'


def timed(fn: Callable[[], object], device: Union[str, torch.device]
          ) -> float:
    """Wall-clock seconds of one call of ``fn``.

    Args:
        fn (Callable): The work to time.
        device (str | torch.device): Where it runs; CUDA work is
            synchronised before and after, since it runs asynchronously.

    Returns:
        float: Seconds.
    """
    cuda = torch.device(device).type == 'cuda'
    if cuda:
        torch.cuda.synchronize(device)
    start = time.perf_counter()
    fn()
    if cuda:
        torch.cuda.synchronize(device)
    return time.perf_counter() - start


def build_distiller(cfg: Config, device: Union[str, torch.device]
                    ) -> BaseDataFreeDistiller:
    """The data-free algorithm of a config, built as the Runner builds it.

    The teacher keeps random weights (``teacher_ckpt=None``): weights do
    not change the speed, and the checkpoint need not exist.

    Args:
        cfg (Config): A distillation config.
        device (str | torch.device): Where the networks run.

    Returns:
        BaseDataFreeDistiller: The algorithm in train mode.
    """
    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.teacher_ckpt = None
    # As the Runner does: the top-level preprocessor is the model's default.
    if cfg.get('data_preprocessor') is not None:
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    torch.manual_seed(cfg.get('randomness', {}).get('seed') or 0)
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        model = MODELS.build(model_cfg)
    return model.to(device).train()


class ReferenceLoop(NamedTuple):
    """The arguments of :func:`reference_iteration`."""
    teacher: nn.Module
    student: nn.Module
    generator: nn.Module
    opt_s: torch.optim.Optimizer
    opt_g: torch.optim.Optimizer
    batch_size: int
    latent_dim: int
    student_steps: int


def _optimizer(params, optimizer_cfg: dict) -> torch.optim.Optimizer:
    """A ``torch.optim`` optimizer from an mmengine optimizer config."""
    kwargs = dict(optimizer_cfg)
    return getattr(torch.optim, kwargs.pop('type'))(params, **kwargs)


def reference_setup(model: BaseDataFreeDistiller, cfg: Config
                    ) -> ReferenceLoop:
    """Plain copies of a distiller's networks, set up as the public loop.

    The copies are NCHW and unwrapped; the teacher is in eval mode with
    trainable weights, as the public loop leaves it, so its forward
    records a graph and the generator's backward computes its weight
    gradients too. The optimizers are the config's (``optim_wrapper``'s
    ``student`` and ``generator``), built by ``torch.optim``.

    Args:
        model (BaseDataFreeDistiller): An algorithm with an unconditional
            generator and classifiers, before any ``torch.compile``.
        cfg (Config): Its config.

    Returns:
        ReferenceLoop: Networks, optimizers, batch size, latent size and
        student steps (the algorithm's ``schedule``).

    Raises:
        ValueError: For a conditional generator or segmentors, which the
        DFAD classification loop does not cover.
    """
    if unwrap_model(model.generator).conditional or model.dense_prediction:
        raise ValueError(
            'The reference DFAD loop distils classifiers with an '
            'unconditional generator: use a DDAD or DFAD classification '
            'config.')
    teacher, student, generator = (
        copy.deepcopy(unwrap_model(net)).to(
            memory_format=torch.contiguous_format)
        for net in (model.teacher, model.student, model.generator))
    teacher.requires_grad_(True).eval()
    student.train()
    generator.train()
    optim_cfg = cfg.optim_wrapper
    return ReferenceLoop(
        teacher, student, generator,
        _optimizer(student.parameters(), optim_cfg.student.optimizer),
        _optimizer(generator.parameters(), optim_cfg.generator.optimizer),
        batch_size=cfg.train_dataloader.batch_size,
        latent_dim=generator.latent_dim,
        student_steps=int(model.schedule['student_steps']))


def reference_iteration(teacher: nn.Module,
                        student: nn.Module,
                        generator: nn.Module,
                        opt_s: torch.optim.Optimizer,
                        opt_g: torch.optim.Optimizer,
                        batch_size: int,
                        latent_dim: int,
                        student_steps: int = 5) -> Dict[str, torch.Tensor]:
    """One iteration of the DFAD loop: student steps, one generator step.

    Args:
        teacher (nn.Module): The teacher, called as ``teacher(x)``.
        student (nn.Module): The student, called as ``student(x)``.
        generator (nn.Module): The generator, ``generator(z)`` with ``z``
            of shape ``(batch_size, latent_dim)``.
        opt_s (torch.optim.Optimizer): The student's optimizer.
        opt_g (torch.optim.Optimizer): The generator's optimizer.
        batch_size (int): Images per update.
        latent_dim (int): Length of a latent code.
        student_steps (int): Student updates per generator update.
            Defaults to 5.

    Returns:
        dict[str, Tensor]: ``loss_student`` (the last student step's) and
        ``loss_generator``, detached.
    """
    device = next(generator.parameters()).device
    for _ in range(student_steps):
        opt_s.zero_grad()
        z = torch.randn(batch_size, latent_dim, device=device)
        x = generator(z).detach()
        teacher_logits = teacher(x)
        loss_s = F.l1_loss(student(x), teacher_logits.detach())
        loss_s.backward()
        opt_s.step()
    opt_g.zero_grad()
    z = torch.randn(batch_size, latent_dim, device=device)
    x = generator(z)
    loss_g = -F.l1_loss(student(x), teacher(x))
    loss_g.backward()
    opt_g.step()
    return dict(loss_student=loss_s.detach(), loss_generator=loss_g.detach())


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description='Time the plain-PyTorch DFAD loop on the networks of a '
        'distillation config')
    parser.add_argument('config', help='distillation config file')
    parser.add_argument('--iters', type=int, default=10,
                        help='timed iterations')
    parser.add_argument('--warmup', type=int, default=2,
                        help='untimed iterations first')
    parser.add_argument('--device', default=default_device(),
                        help='cpu or cuda (default: cuda if available)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value pairs such as '
        'train_dataloader.batch_size=64')
    return parser.parse_args()


def main() -> None:
    """Build the config's networks and print the loop's median s/iter."""
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    loop = reference_setup(build_distiller(cfg, args.device), cfg)
    for _ in range(args.warmup):
        reference_iteration(**loop._asdict())
    seconds = [
        timed(lambda: reference_iteration(**loop._asdict()), args.device)
        for _ in range(args.iters)
    ]
    print(f'reference DFAD loop: {statistics.median(seconds):.4f} s/iter '
          f'(median of {args.iters}, batch {loop.batch_size}, '
          f'{loop.student_steps} student steps)')


if __name__ == '__main__':
    main()
