"""The round-based frame of DeepInversion, CMI and Fast."""
import pytest
from tiny_models import tiny_seg_ddad

from mmdfkd.models.algorithms import RoundBasedDistiller
from mmdfkd.registry import MODELS

ROUNDS = dict(synthesis_steps=1, student_steps=1)


@pytest.mark.parametrize('method', [
    dict(type='mmdfkd.DeepInversion', bank_size=8, schedule=ROUNDS),
    dict(type='mmdfkd.CMI', head_dim=4,
         schedule=dict(ROUNDS, memory_size=8, feature_bank_size=8,
                       negatives=2)),
    dict(type='mmdfkd.FastDFKD', schedule=dict(ROUNDS, memory_size=8)),
])
def test_round_based_methods_refuse_segmentors(method):
    name = method['type'].split('.')[1]
    assert issubclass(MODELS.get(name), RoundBasedDistiller)
    with pytest.raises(ValueError, match=f'^{name} synthesises images of '
                       'per-image target classes, which a segmentor'):
        MODELS.build(tiny_seg_ddad(**method))
