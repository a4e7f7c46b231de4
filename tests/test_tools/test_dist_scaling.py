"""tools/analysis_tools/dist_scaling.py on tiny networks (a smoke test)."""
import json
import math
import os.path as osp

from mmengine.config import Config
from tiny_models import shrink_distillation_config

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DIGITS = osp.join(ROOT,
                  'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py')


def test_one_and_two_processes_at_equal_global_batch(run_tool, tmp_path):
    cfg = Config.fromfile(DIGITS)
    shrink_distillation_config(cfg, tmp_path, max_iters=4)
    config = str(tmp_path / 'ddad_tiny.py')
    cfg.dump(config)
    out = str(tmp_path / 'scaling.json')
    run_tool('analysis_tools/dist_scaling', config, '--procs', '2',
             '--iters', '4', '--warmup', '1', '--out', out)
    with open(out) as file:
        result = json.load(file)
    assert result['global_batch'] == 4
    single, multi = result['single'], result['distributed']
    assert (single['processes'], single['batch_per_process']) == (1, 4)
    assert (multi['processes'], multi['batch_per_process']) == (2, 2)
    for figures in (single, multi):
        assert figures['s_per_iter'] > 0
        assert math.isclose(figures['samples_per_s'],
                            4 / figures['s_per_iter'])
    assert math.isclose(result['speedup'],
                        single['s_per_iter'] / multi['s_per_iter'])
