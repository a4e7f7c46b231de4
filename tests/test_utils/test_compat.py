"""The stack work-arounds of ``mmdfkd.utils.compat``."""
import os.path as osp
import pickle
import sys

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.logging import HistoryBuffer
from toy_components import toy_config

from mmdfkd.apis import build_runner
from mmdfkd.utils import install_compat


@pytest.fixture
def default_torch_load(monkeypatch):
    """``torch.load`` as torch ships it: ``weights_only=True``."""
    monkeypatch.delenv('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', raising=False)
    monkeypatch.delenv('TORCH_FORCE_WEIGHTS_ONLY_LOAD', raising=False)


class _Opaque:
    """A class no allow-list knows."""


def test_install_compat_is_idempotent():
    stub = sys.modules['mmcv._ext']
    safe = set(torch.serialization.get_safe_globals())
    install_compat()
    install_compat()
    assert sys.modules['mmcv._ext'] is stub
    assert set(torch.serialization.get_safe_globals()) == safe


def test_mmcv_ops_stub():
    from mmcv.ops import nms
    from mmengine.utils.dl_utils import mmcv_full_available

    # The stub must not pass for a compiled mmcv.
    assert not mmcv_full_available()
    with pytest.raises(RuntimeError, match="'nms' needs the compiled mmcv"):
        nms(torch.rand(3, 4), torch.rand(3), 0.5)


def test_mmseg_encoder_decoder_runs():
    import mmseg.models  # noqa: F401  (the import that needs the stub)
    from mmseg.registry import MODELS

    norm_cfg = dict(type='BN', requires_grad=True)
    model = MODELS.build(
        dict(
            _scope_='mmseg',
            type='EncoderDecoder',
            data_preprocessor=dict(
                type='SegDataPreProcessor',
                mean=[0.0] * 3,
                std=[1.0] * 3,
                size=(32, 32)),
            backbone=dict(
                type='ResNetV1c',
                depth=18,
                stem_channels=8,
                base_channels=8,
                dilations=(1, 1, 2, 4),
                strides=(1, 2, 1, 1),
                norm_cfg=norm_cfg),
            decode_head=dict(
                type='ASPPHead',
                in_channels=64,
                in_index=3,
                channels=16,
                dilations=(1, 12, 24, 36),
                num_classes=3,
                norm_cfg=norm_cfg,
                align_corners=False),
            test_cfg=dict(mode='whole')))
    logits = model(torch.rand(2, 3, 32, 32))
    assert logits.shape == (2, 3, 4, 4)


def test_resume_under_weights_only(tmp_path, default_torch_load):
    work_dir = str(tmp_path)
    runner = build_runner(
        Config(dict(toy_config('resume-a', max_iters=2), work_dir=work_dir)))
    runner.train()
    ckpt = osp.join(work_dir, 'iter_2.pth')
    # The message hub pickles HistoryBuffer, numpy arrays and scalars.
    state = torch.load(ckpt)
    assert isinstance(state['message_hub']['log_scalars']['train/loss'],
                      HistoryBuffer)

    resumed = build_runner(
        Config(
            dict(
                toy_config('resume-b', max_iters=4),
                work_dir=work_dir,
                resume=True)))
    resumed.train()
    assert resumed.iter == 4
    assert torch.load(osp.join(work_dir, 'iter_4.pth'))['meta']['iter'] == 4


def test_unlisted_globals_still_refused(tmp_path, default_torch_load):
    cases = {
        'class': _Opaque(),
        # Only numeric dtypes are allowed: an object array is refused.
        'object_array': np.array([1, 'a'], dtype=object),
        # getattr is allowed for HistoryBuffer's statistics only.
        'method': HistoryBuffer.update,
    }
    for name, obj in cases.items():
        path = tmp_path / f'{name}.pth'
        torch.save({'obj': obj}, path)
        with pytest.raises(pickle.UnpicklingError):
            torch.load(path)


def test_history_buffer_statistics_load(tmp_path, default_torch_load):
    buffer = HistoryBuffer()
    buffer.update(2.0)
    torch.save({'buffer': buffer}, tmp_path / 'buffer.pth')
    loaded = torch.load(tmp_path / 'buffer.pth')['buffer']
    assert loaded.mean() == 2.0
