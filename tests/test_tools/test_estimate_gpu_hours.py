"""tools/analysis_tools/estimate_gpu_hours.py: a FLOP profile scaled to a
config's batch, step counts and iterations, against hand-computed values."""
import importlib.util
import json
import os.path as osp

import pytest
from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DDAD = 'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py'
CGDD_L1 = 'configs/cgdd/cgdd-l1_resnet34-w16_resnet18-w8_1xb64_digits.py'
FAST = 'configs/fast/fast_resnet34-w16_resnet18-w8_1xb64_digits.py'
TOOL = 'analysis_tools/estimate_gpu_hours'


@pytest.fixture(scope='module')
def tool():
    spec = importlib.util.spec_from_file_location(
        'estimate_gpu_hours', osp.join(ROOT, 'tools', f'{TOOL}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def profile(config: str, generator_updates: int = 1) -> dict:
    """A profile at batch 8: 2 student updates of 100 FLOPs and generator
    updates of 300 FLOPs in all, i.e. 12.5 and 37.5 / generator_updates
    FLOPs an image."""
    return dict(config=config, batch_size=8, student_steps=2,
                generator_updates=generator_updates, student_step_flops=100,
                flops_per_iter=2 * 100 + 300)


def test_schedule_counts_read_each_loop(tool):
    # DDAD: one generator update per iteration (the default).
    assert tool.schedule_counts(Config.fromfile(osp.join(ROOT, DDAD))) == \
        dict(batch_size=64, iterations=300, student_steps=5,
             generator_updates=1)
    # CGDD-L1 sets generator_steps; Fast's rounds count synthesis steps.
    assert tool.schedule_counts(
        Config.fromfile(osp.join(ROOT, CGDD_L1)))['generator_updates'] == 4
    fast = tool.schedule_counts(Config.fromfile(osp.join(ROOT, FAST)))
    assert fast['generator_updates'] == 5 and fast['student_steps'] == 5


def test_estimate_scales_per_image_flops(tool):
    cfg = Config.fromfile(osp.join(ROOT, CGDD_L1))
    figures = tool.estimate(cfg, profile(CGDD_L1, generator_updates=2),
                            tflops=[2.0], paper_hours=0.5)

    assert figures['generator_update_flops_per_image'] == 300 / 2 / 8
    assert figures['student_update_flops_per_image'] == 100 / 8
    # 300 iterations of 64 images: 4 generator and 5 student updates each.
    images = 300 * 64
    assert figures['synthesis_flops'] == images * 4 * 18.75
    assert figures['student_flops'] == images * 5 * 12.5
    assert figures['total_flops'] == images * (4 * 18.75 + 5 * 12.5)
    assert figures['hours']['2'] == pytest.approx(
        dict(synthesis=images * 75 / 2e12 / 3600,
             total=images * 137.5 / 2e12 / 3600))
    assert figures['implied_tflops'] == pytest.approx(images * 75 /
                                                      (0.5 * 3600) / 1e12)


def test_cli_writes_figures_and_refuses_another_config(
        tool, run_tool, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = tmp_path / 'profile.json'
    path.write_text(json.dumps(profile(DDAD)))
    out = tmp_path / 'estimate.json'
    run_tool(TOOL, DDAD, str(path), '--tflops', '1', '4', '--out', str(out))
    figures = json.loads(out.read_text())
    assert set(figures['hours']) == {'1', '4'}
    assert figures['hours']['1']['total'] == pytest.approx(
        4 * figures['hours']['4']['total'])

    with pytest.raises(ValueError, match='profile this config'):
        run_tool(TOOL, FAST, str(path))
