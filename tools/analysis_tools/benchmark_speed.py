"""Speed of a data-free distillation iteration, against what the machine
can do at the same shapes.

The config's algorithm is built as the Runner builds it (with a random
teacher), its optimizer wrappers by mmengine's ``build_optim_wrapper`` from
``optim_wrapper``, and batches are drawn from its latent train loader (in
this process, outside the timed calls). Reported, each a median over
``--iters`` calls after ``--warmup`` untimed ones:

- ``s_per_iter``: one ``train_step``; ``generator_step_s`` and
  ``student_step_s``: one generator update and one student update (an
  iteration is ``student_steps`` student updates and
  ``generator_updates`` generator updates; for a round-based method,
  DeepInversion, CMI or Fast, the generator figure is the round's
  synthesis of ``generator_updates`` generator or pixel updates, and a
  student update draws its batch from the method's bank);
- ``flops_per_iter`` (and per step): forward and backward FLOPs counted by
  ``torch.utils.flop_counter.FlopCounterMode``, which counts convolutions
  and matrix products; ``achieved_gflops = flops_per_iter / s_per_iter``;
- the limit: every ``Conv2d``, ``ConvTranspose2d`` and ``Linear`` call of
  one iteration is recorded (shapes, dtypes, memory format, autocast, the
  gradients it needs) and timed alone, forward and backward on random
  tensors; ``limit_s_per_iter`` sums the calls of an iteration,
  ``limit_gflops`` is their FLOPs over that time, ``limit_flops_share``
  the share of ``flops_per_iter`` the recorded calls cover, and
  ``percent_of_limit = 100 * achieved_gflops / limit_gflops``;
- ``framework_overhead_percent = 100 * (s_per_iter - limit_s_per_iter) /
  s_per_iter``: the share of the iteration outside the convolution and
  matrix-product kernels (normalisation, activations, losses, optimizer
  updates, autograd and Python), negative if the kernels alone ran slower
  than inside the iteration;
- ``peak_memory_mb``: :func:`mmdfkd.apis.peak_memory_mb` (the process's
  peak RSS on CPU, peak allocated CUDA memory on a GPU), read before the
  ``--reference`` networks are built.

Where a round-based method's bank keeps the teacher's logits of its
images (:class:`~mmdfkd.models.task_modules.SampleBank`), the same calls
are also timed with the bank's logits set aside, so that the teacher runs
on every draw as before the bank kept them, in turns with the others:
``banked_logits.s_per_iter`` and ``banked_logits.student_step_s`` are
those times and ``banked_logits.speedup`` is ``s_per_iter`` without the
kept logits over ``s_per_iter`` with them.

``--reference`` also times the plain-PyTorch DFAD loop of
``reference_dfad_loop.py`` (NCHW, fp32, eager) and mmdfkd's iteration in
turns (A B A B ...) on the same networks and batch size, the config's BN
term off so that both compute DFAD: ``ratio = reference_s_per_iter /
mmdfkd_s_per_iter`` (above 1: mmdfkd is faster).

    python tools/analysis_tools/benchmark_speed.py CONFIG [--amp] \\
        [--channels-last] [--compile] [--reference] [--iters 5] \\
        [--warmup 2] [--device cpu] [--out FILE] [--cfg-options ...]
"""
import argparse
import copy
import importlib.util
import os.path as osp
import statistics
from collections import Counter
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Callable, Dict, Iterator, NamedTuple, Optional, Tuple

import mmengine
import torch
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.optim import OptimWrapperDict, build_optim_wrapper
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from torch import nn
from torch.nn.modules.module import register_module_forward_pre_hook
from torch.utils.flop_counter import FlopCounterMode

from mmdfkd.apis import peak_memory_mb
from mmdfkd.engine.runner import DataFreeRunner
from mmdfkd.models.algorithms import (
    BaseDataFreeDistiller,
    RoundBasedDistiller,
)
from mmdfkd.models.losses import AdversarialLoss, L1Discrepancy
from mmdfkd.utils import enable_amp
from mmdfkd.utils.cfg_options import load_config
from mmdfkd.utils.compile import compile_networks


def _load_reference():
    """The sibling ``reference_dfad_loop.py``, wherever this tool runs
    from."""
    path = osp.join(osp.dirname(osp.abspath(__file__)),
                    'reference_dfad_loop.py')
    spec = importlib.util.spec_from_file_location('reference_dfad_loop',
                                                  path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reference = _load_reference()

# Module type -> (torch.nn.functional op, the module attributes it takes).
KERNEL_MODULES = {
    nn.Conv2d: ('conv2d', ('stride', 'padding', 'dilation', 'groups')),
    nn.ConvTranspose2d: ('conv_transpose2d',
                         ('stride', 'padding', 'output_padding', 'groups',
                          'dilation')),
    nn.Linear: ('linear', ()),
}


class Setup(NamedTuple):
    """A built algorithm, its optimizer wrappers and its batches."""
    model: BaseDataFreeDistiller
    optim_wrapper: OptimWrapperDict
    batches: Iterator[dict]


def build_setup(cfg: Config, device: str) -> Setup:
    """The algorithm, optimizer wrappers and latent batches of a config.

    Args:
        cfg (Config): A distillation config.
        device (str): Where the networks run.

    Returns:
        Setup: The model in train mode, its wrappers, an endless batch
        iterator.
    """
    model = reference.build_distiller(cfg, device)
    loader_cfg = copy.deepcopy(cfg.train_dataloader)
    # No loader worker may compete with the timed calls for the cores.
    loader_cfg.update(num_workers=0, persistent_workers=False)
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        # The data-free runner fills in (and checks) the draws an iteration
        # consumes; of the runner, it reads only the default scope.
        DataFreeRunner._complete_latent_dataset(
            SimpleNamespace(default_scope=DefaultScope.get_current_instance()),
            model, loader_cfg)
        optim_wrapper = build_optim_wrapper(model,
                                            copy.deepcopy(cfg.optim_wrapper))
        loader = Runner.build_dataloader(loader_cfg, seed=0)
    return Setup(model, optim_wrapper, iter(loader))


def step_functions(setup: Setup) -> Dict[str, Callable[[dict], object]]:
    """The timed calls, each a function of a loader batch.

    Args:
        setup (Setup): The algorithm and its wrappers.

    Returns:
        dict: ``s_per_iter`` (``train_step``), ``generator_step_s`` and
        ``student_step_s`` (one update each, on the batch's draws).
    """
    model, optim_wrapper, _ = setup

    def generator_step(data: dict) -> dict:
        draw = model.latent_draws(data, model.draws_per_iteration)[-1]
        if isinstance(model, RoundBasedDistiller):
            targets = model.round_bank.cycled_labels(len(draw.z),
                                                     model.num_classes)
            return model.synthesise_round(draw.z, targets, optim_wrapper)
        return model.generator_step(draw.z, optim_wrapper['generator'],
                                    draw.labels)

    def student_step(data: dict) -> dict:
        draw = model.latent_draws(data, model.draws_per_iteration)[0]
        if isinstance(model, RoundBasedDistiller):
            return model.student_update(model.round_bank, len(draw.z),
                                        optim_wrapper['student'])
        return model.student_step(draw.z, optim_wrapper['student'],
                                  draw.labels)

    return dict(
        s_per_iter=lambda data: model.train_step(data, optim_wrapper),
        generator_step_s=generator_step,
        student_step_s=student_step)


def banked_logits_set_aside(
        model: BaseDataFreeDistiller,
        step: Callable[[dict], object]) -> Optional[Callable[[dict], object]]:
    """``step`` with the teacher running on every bank draw, if ``model``'s
    bank keeps the teacher's logits; else None.

    Args:
        model (BaseDataFreeDistiller): The algorithm.
        step (Callable): A timed call of a loader batch.
    """
    bank = getattr(model, 'round_bank', None)
    if bank is None or not bank.caches_logits:
        return None

    def uncached(data: dict) -> object:
        # The bank still marks the images it replaces meanwhile, so the
        # logits it keeps stay those of its images.
        kept, bank.teacher_logits = bank.teacher_logits, None
        try:
            return step(data)
        finally:
            bank.teacher_logits = kept

    return uncached


def count_flops(fn: Callable[[], object]) -> int:
    """Forward and backward FLOPs of one call of ``fn``."""
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


def _channels_last(tensor: torch.Tensor) -> bool:
    """Whether a 4-d tensor is laid out channels-last (and not also NCHW).
    """
    return tensor.dim() == 4 and not tensor.is_contiguous() and \
        tensor.is_contiguous(memory_format=torch.channels_last)


class KernelCall(NamedTuple):
    """A convolution or matrix product of a network, as it was called."""
    op: str
    options: tuple
    input_shape: tuple
    input_dtype: torch.dtype
    input_channels_last: bool
    input_grad: bool
    weight_shape: tuple
    weight_dtype: torch.dtype
    weight_channels_last: bool
    weight_grad: bool
    bias_shape: Optional[tuple]
    autocast: Optional[torch.dtype]
    grad_enabled: bool


@contextmanager
def recorded_kernels() -> Iterator[Counter]:
    """Count the kernel calls of the modules that run inside the block.

    Yields:
        Counter: :class:`KernelCall` to number of calls, filled as
        ``Conv2d``, ``ConvTranspose2d`` and ``Linear`` modules run.
    """
    calls = Counter()

    def hook(module: nn.Module, args: tuple) -> None:
        kind = next((k for k in KERNEL_MODULES if isinstance(module, k)),
                    None)
        if kind is None:
            return
        op, names = KERNEL_MODULES[kind]
        x, weight, bias = args[0], module.weight, module.bias
        device_type = x.device.type
        calls[KernelCall(
            op=op,
            options=tuple((n, getattr(module, n)) for n in names),
            input_shape=tuple(x.shape),
            input_dtype=x.dtype,
            input_channels_last=_channels_last(x),
            input_grad=x.requires_grad,
            weight_shape=tuple(weight.shape),
            weight_dtype=weight.dtype,
            weight_channels_last=_channels_last(weight),
            weight_grad=weight.requires_grad,
            bias_shape=None if bias is None else tuple(bias.shape),
            autocast=torch.get_autocast_dtype(device_type)
            if torch.is_autocast_enabled(device_type) else None,
            grad_enabled=torch.is_grad_enabled())] += 1

    handle = register_module_forward_pre_hook(hook)
    try:
        yield calls
    finally:
        handle.remove()


def kernel_run(call: KernelCall, device: str) -> Callable[[], None]:
    """One forward and (if the call had one) backward of a recorded call,
    on random tensors of its shapes, dtypes and layouts.

    Args:
        call (KernelCall): The recorded call.
        device (str): Where it runs.

    Returns:
        Callable: The run, repeatable.
    """

    def tensor(shape: tuple, dtype: torch.dtype, channels_last: bool,
               grad: bool) -> torch.Tensor:
        value = torch.randn(shape, dtype=dtype, device=device)
        if channels_last:
            value = value.contiguous(memory_format=torch.channels_last)
        return value.requires_grad_(grad)

    x = tensor(call.input_shape, call.input_dtype, call.input_channels_last,
               call.input_grad)
    weight = tensor(call.weight_shape, call.weight_dtype,
                    call.weight_channels_last, call.weight_grad)
    bias = None if call.bias_shape is None else tensor(
        call.bias_shape, call.weight_dtype, False, call.weight_grad)
    leaves = [t for t in (x, weight, bias) if t is not None]
    op, options = getattr(F, call.op), dict(call.options)
    autocast = dict(enabled=False) if call.autocast is None else dict(
        dtype=call.autocast)

    def forward() -> torch.Tensor:
        with torch.set_grad_enabled(call.grad_enabled), \
                torch.autocast(torch.device(device).type, **autocast):
            return op(x, weight, bias, **options)

    out = forward()
    grad = torch.randn_like(out) if out.requires_grad else None

    def run() -> None:
        # As after the optimizers' zero_grad: gradients are set, not added.
        for leaf in leaves:
            leaf.grad = None
        out = forward()
        if grad is not None:
            out.backward(grad)

    return run


def median_seconds(fn: Callable[[], object], device: str, warmup: int,
                   iters: int) -> float:
    """The median time of ``iters`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    return statistics.median(
        reference.timed(fn, device) for _ in range(iters))


def kernel_limit(calls: Counter, device: str, warmup: int,
                 iters: int) -> Tuple[float, int]:
    """Time the recorded kernel calls alone.

    Args:
        calls (Counter): :class:`KernelCall` to calls per iteration.
        device (str): Where they run.
        warmup (int): Untimed runs of each call first.
        iters (int): Timed runs of each call; the median counts.

    Returns:
        tuple[float, int]: Seconds and FLOPs of one iteration's calls.
    """
    seconds, flops = 0.0, 0
    for call, count in calls.items():
        run = kernel_run(call, device)
        flops += count * count_flops(run)
        seconds += count * median_seconds(run, device, warmup, iters)
    return seconds, flops


def check_dfad(model: BaseDataFreeDistiller) -> None:
    """Refuse a comparison with the reference that would not be DFAD.

    Raises:
        ValueError: Unless the generator minimises ``-L1`` alone, the
        student ``L1`` alone, and the student steps come first.
    """
    generator_terms = dict(model.generator_objective.terms)
    student_terms = dict(model.student_objective.terms)
    adversarial = generator_terms.get('loss_adv')
    if not (set(generator_terms) == {'loss_adv'}
            and isinstance(adversarial, AdversarialLoss)
            and isinstance(adversarial.discrepancy, L1Discrepancy)
            and set(student_terms) == {'loss_kd'}
            and isinstance(student_terms['loss_kd'], L1Discrepancy)
            and not model.schedule['generator_first']):
        raise ValueError(
            f'--reference times the DFAD loop: with the BN term off the '
            f'config must leave generator_losses loss_adv '
            f'(AdversarialLoss of L1Discrepancy), student_losses loss_kd '
            f'(L1Discrepancy) and generator_first=False; it has '
            f'{sorted(generator_terms)}, {sorted(student_terms)}, '
            f'{model.schedule}.')


def compare_with_reference(cfg: Config, args: argparse.Namespace,
                           compiled: bool) -> Dict[str, float]:
    """Time the reference DFAD loop and mmdfkd's DFAD iteration in turns.

    Args:
        cfg (Config): The config of the main measurement.
        args (argparse.Namespace): The command line.
        compiled (bool): Whether to compile mmdfkd's networks.

    Returns:
        dict: ``reference_s_per_iter``, ``mmdfkd_s_per_iter``, ``ratio``
        (the first over the second) and ``reference_flops_per_iter``.
    """
    cfg = copy.deepcopy(cfg)
    cfg.merge_from_dict({'model.generator_losses.loss_bn.weight': 0})
    setup = build_setup(cfg, args.device)
    check_dfad(setup.model)
    loop = reference.reference_setup(setup.model, cfg)
    train_step = step_functions(setup)['s_per_iter']

    def reference_iteration() -> dict:
        return reference.reference_iteration(**loop._asdict())

    def mmdfkd_iteration() -> dict:
        return train_step(next(setup.batches))

    flops = count_flops(reference_iteration)
    if compiled:
        compile_networks(setup.model, mmdfkd_iteration)
    for _ in range(args.warmup):
        reference_iteration()
        mmdfkd_iteration()
    times = dict(reference=[], mmdfkd=[])
    for _ in range(args.iters):
        times['reference'].append(
            reference.timed(reference_iteration, args.device))
        data = next(setup.batches)
        times['mmdfkd'].append(
            reference.timed(lambda: train_step(data), args.device))
    medians = {k: statistics.median(v) for k, v in times.items()}
    return dict(
        reference_s_per_iter=medians['reference'],
        mmdfkd_s_per_iter=medians['mmdfkd'],
        ratio=medians['reference'] / medians['mmdfkd'],
        reference_flops_per_iter=flops)


def measure(cfg: Config, args: argparse.Namespace) -> dict:
    """All the figures of one configuration of the command line.

    Args:
        cfg (Config): The config, switches applied.
        args (argparse.Namespace): The command line.

    Returns:
        dict: The figures the module docstring lists, and the settings.
    """
    setup = build_setup(cfg, args.device)
    steps = step_functions(setup)

    def on_batch(step: Callable[[dict], object]) -> Callable[[], object]:
        return lambda: step(next(setup.batches))

    # Counted and recorded eagerly, before any compilation.
    with recorded_kernels() as calls:
        flops = dict(
            flops_per_iter=count_flops(on_batch(steps['s_per_iter'])))
    for name in ('generator_step', 'student_step'):
        flops[f'{name}_flops'] = count_flops(on_batch(steps[f'{name}_s']))
    compiled = args.compile and compile_networks(
        setup.model, on_batch(steps['s_per_iter']))
    for name in ('s_per_iter', 'student_step_s'):
        uncached = banked_logits_set_aside(setup.model, steps[name])
        if uncached is not None:
            steps[f'banked_logits.{name}'] = uncached
    for _ in range(args.warmup):
        steps['s_per_iter'](next(setup.batches))
    # In turns, so that every figure sees the same load of the machine.
    times = {name: [] for name in steps}
    for _ in range(args.iters):
        for name, step in steps.items():
            data = next(setup.batches)
            times[name].append(
                reference.timed(lambda: step(data), args.device))
    medians = {name: statistics.median(t) for name, t in times.items()
               if not name.startswith('banked_logits.')}
    banked = {name.split('.', 1)[1]: statistics.median(t)
              for name, t in times.items()
              if name.startswith('banked_logits.')}
    if banked:
        banked['speedup'] = banked['s_per_iter'] / medians['s_per_iter']
    limit_seconds, limit_flops = kernel_limit(calls, args.device,
                                              args.warmup, args.iters)
    s_per_iter = medians['s_per_iter']
    achieved = flops['flops_per_iter'] / s_per_iter / 1e9
    limit = limit_flops / limit_seconds / 1e9
    result = dict(
        config=args.config,
        device=args.device,
        torch=torch.__version__,
        threads=torch.get_num_threads(),
        amp=args.amp,
        # What ran: the model refuses channels-last on CPU for networks
        # whose weight gradient oneDNN gets wrong in that layout.
        channels_last=setup.model.channels_last,
        compile=compiled,
        batch_size=cfg.train_dataloader.batch_size,
        student_steps=setup.model.student_updates_per_iteration,
        generator_updates=setup.model.generator_updates(
            setup.model.schedule),
        warmup=args.warmup,
        iters=args.iters,
        **medians,
        **flops,
        achieved_gflops=achieved,
        limit_s_per_iter=limit_seconds,
        limit_gflops=limit,
        limit_flops_share=limit_flops / flops['flops_per_iter'],
        percent_of_limit=100 * achieved / limit,
        framework_overhead_percent=100 * (s_per_iter - limit_seconds) /
        s_per_iter,
        peak_memory_mb=peak_memory_mb())
    if banked:
        result['banked_logits'] = banked
    if args.reference:
        result['reference'] = compare_with_reference(cfg, args, compiled)
    return result


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description='Time a data-free distillation iteration and compare '
        'it with the machine\'s convolution and matmul throughput')
    parser.add_argument('config', help='distillation config file')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='mixed precision: fp16 AMP on CUDA, bf16 autocast on CPU')
    parser.add_argument(
        '--channels-last',
        action='store_true',
        help='channels-last networks (model.channels_last; on CPU not '
        'for networks with a strided 1x1 convolution of fewer than 16 '
        'input channels, see the figure channels_last); without it they '
        'are NCHW whatever the config says')
    parser.add_argument(
        '--compile',
        action='store_true',
        help='torch.compile the networks (eager, with a warning, if that '
        'fails)')
    parser.add_argument(
        '--reference',
        action='store_true',
        help='also time the plain-PyTorch DFAD loop in turns with '
        'mmdfkd\'s DFAD iteration')
    parser.add_argument('--iters', type=int, default=5,
                        help='timed calls of each measurement')
    parser.add_argument('--warmup', type=int, default=2,
                        help='untimed calls before each measurement')
    parser.add_argument('--device', default=reference.default_device(),
                        help='cpu or cuda (default: cuda if available)')
    parser.add_argument('--out', help='write the figures to this JSON file')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value pairs such as '
        'train_dataloader.batch_size=64')
    args = parser.parse_args()
    if args.iters < 1 or args.warmup < 0:
        parser.error('--iters must be positive and --warmup non-negative')
    return args


def _print(figures: dict, prefix: str = '') -> None:
    """One ``name: value`` line per figure, nested dicts prefixed."""
    for key, value in figures.items():
        if isinstance(value, dict):
            _print(value, f'{prefix}{key}.')
        elif isinstance(value, float):
            print(f'{prefix}{key}: {value:.4g}')
        else:
            print(f'{prefix}{key}: {value}')


def main() -> None:
    """Measure the config and print (and optionally write) the figures."""
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    # The switches alone decide the memory format and the precision.
    cfg.model.channels_last = args.channels_last
    if args.amp:
        enable_amp(cfg, torch.device(args.device).type)
    figures = measure(cfg, args)
    _print(figures)
    if args.out:
        mmengine.dump(figures, args.out, indent=2)


if __name__ == '__main__':
    main()
