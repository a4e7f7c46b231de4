"""tools/train.py and tools/test.py run in-process on a toy config."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from toy_components import toy_config


def test_missing_config_is_reported(run_tool, tmp_path, capsys):
    missing = str(tmp_path / 'missing.py')
    for args in [('train', missing), ('test', missing, 'x.pth')]:
        with pytest.raises(SystemExit) as exit_info:
            run_tool(*args)
        assert exit_info.value.code == 2
        assert 'missing.py' in capsys.readouterr().err
    cfg_path = str(tmp_path / 'toy.py')
    Config(toy_config('unused')).dump(cfg_path)
    with pytest.raises(SystemExit):
        run_tool('test', cfg_path, str(tmp_path / 'missing.pth'))
    assert "checkpoint '" in capsys.readouterr().err


def test_train_amp_resume_then_test(run_tool, tmp_path):
    cfg_path = str(tmp_path / 'toy.py')
    Config(toy_config('train-a', max_iters=2)).dump(cfg_path)
    work_dir = str(tmp_path / 'work_dir')
    run_tool('train', cfg_path, '--work-dir', work_dir, '--amp')
    dumped = Config.fromfile(osp.join(work_dir, 'toy.py'))
    expected = 'mmdfkd.AutocastOptimWrapper'
    if torch.cuda.is_available():
        expected = 'AmpOptimWrapper'
    assert dumped.optim_wrapper.type == expected

    run_tool('train', cfg_path, '--work-dir', work_dir, '--resume',
             '--cfg-options', 'train_cfg.max_iters=4',
             'experiment_name=train-b')
    assert torch.load(osp.join(work_dir, 'iter_4.pth'))['meta']['iter'] == 4

    run_tool('test', cfg_path, osp.join(work_dir, 'iter_4.pth'),
             '--work-dir', work_dir, '--cfg-options', 'experiment_name=test')
