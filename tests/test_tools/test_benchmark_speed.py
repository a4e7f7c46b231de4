"""tools/analysis_tools/benchmark_speed.py on a tiny budget: well-formed
figures, the reference ratio, --amp, eager timings when compiling fails,
and a round-based method with and without its bank's teacher logits. A
smoke test: no figure is compared with a speed."""
import json
import math
import os.path as osp

import pytest
import torch

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = osp.join(ROOT, 'configs/ddad/'
                  'ddad_resnet34-w16_resnet18-w8_1xb64_digits.py')
FAST = osp.join(ROOT, 'configs/fast/'
                'fast_resnet34-w16_resnet18-w8_1xb64_digits.py')
TOOL = 'analysis_tools/benchmark_speed'
TINY = ('--iters', '2', '--warmup', '1', '--cfg-options',
        'train_dataloader.batch_size=8')
POSITIVE = [
    's_per_iter', 'generator_step_s', 'student_step_s', 'flops_per_iter',
    'generator_step_flops', 'student_step_flops', 'achieved_gflops',
    'limit_s_per_iter', 'limit_gflops', 'limit_flops_share',
    'percent_of_limit', 'peak_memory_mb'
]


@pytest.fixture
def one_thread():
    """One torch thread: two threads on two cores shared with other jobs
    spend most of their time waiting for each other."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _reject(constant: str):
    raise ValueError(f'{constant} in the figures')


def read_figures(path) -> dict:
    """The tool's JSON, refusing NaN and infinities."""
    with open(path) as f:
        return json.load(f, parse_constant=_reject)


def check_figures(figures: dict, steps_add_up: bool = True) -> None:
    """Every figure present, finite, and positive where it must be; with
    ``steps_add_up``, an iteration's FLOPs those of its steps."""
    for key in POSITIVE:
        assert math.isfinite(figures[key]) and figures[key] > 0, (
            key, figures[key])
    assert math.isfinite(figures['framework_overhead_percent'])
    # Every FLOP of these networks is a convolution or a linear layer.
    assert figures['limit_flops_share'] == pytest.approx(1, rel=1e-3)
    if steps_add_up:
        # An iteration is its student steps and one generator step.
        assert figures['flops_per_iter'] == (
            figures['student_steps'] * figures['student_step_flops'] +
            figures['generator_step_flops'])
    assert figures['batch_size'] == 8 and figures['threads'] == 1
    # Both configs (Fast at 1 synthesis step) make one generator update.
    assert figures['generator_updates'] == 1


def test_figures_and_reference_ratio(run_tool, one_thread, tmp_path):
    out = tmp_path / 'speed.json'
    run_tool(TOOL, CONFIG, '--reference', '--out', str(out), *TINY)

    figures = read_figures(out)
    check_figures(figures)
    assert not (figures['amp'] or figures['channels_last']
                or figures['compile'])
    assert 'banked_logits' not in figures  # DDAD keeps no bank
    ref = figures['reference']
    for key in ('reference_s_per_iter', 'mmdfkd_s_per_iter', 'ratio',
                'reference_flops_per_iter'):
        assert math.isfinite(ref[key]) and ref[key] > 0, (key, ref[key])
    assert ref['ratio'] == pytest.approx(ref['reference_s_per_iter'] /
                                         ref['mmdfkd_s_per_iter'])
    # The public loop also computes the teacher's weight gradients.
    assert ref['reference_flops_per_iter'] > figures['flops_per_iter']


def test_amp_and_failed_compile_fall_back_to_eager(run_tool, one_thread,
                                                   tmp_path, monkeypatch):

    def no_compiler(*args, **kwargs):
        raise RuntimeError('no compiler here')

    monkeypatch.setattr(torch, 'compile', no_compiler)
    out = tmp_path / 'speed.json'
    with pytest.warns(UserWarning, match='torch.compile failed'):
        run_tool(TOOL, CONFIG, '--amp', '--channels-last', '--compile',
                 '--out', str(out), *TINY)

    figures = read_figures(out)
    check_figures(figures)
    # The digits student's stage-2 shortcut reads 8 channels: on CPU the
    # model keeps it out of the channels-last layout, and says so.
    assert figures['amp'] and not figures['channels_last']
    assert not figures['compile']


def test_round_based_method_with_and_without_banked_logits(
        run_tool, one_thread, tmp_path):
    out = tmp_path / 'speed.json'
    run_tool(TOOL, FAST, '--out', str(out), '--iters', '2', '--warmup', '1',
             '--cfg-options', 'train_dataloader.batch_size=8',
             'model.schedule.synthesis_steps=1')

    figures = read_figures(out)
    # A student update runs the teacher only on images new to the bank's
    # logits, so its FLOPs vary from draw to draw.
    check_figures(figures, steps_add_up=False)
    banked = figures['banked_logits']
    for key in ('s_per_iter', 'student_step_s', 'speedup'):
        assert math.isfinite(banked[key]) and banked[key] > 0, (
            key, banked[key])
    assert banked['speedup'] == pytest.approx(banked['s_per_iter'] /
                                              figures['s_per_iter'])
