"""The round-based frame of DeepInversion, CMI and Fast."""
import pytest
from tiny_models import tiny_cgdd, tiny_ddad, tiny_seg_ddad

from mmdfkd.models.algorithms import RoundBasedDistiller
from mmdfkd.registry import MODELS

ROUNDS = dict(synthesis_steps=1, student_steps=1)
CMI = dict(type='mmdfkd.CMI', head_dim=4,
           schedule=dict(ROUNDS, memory_size=8, feature_bank_size=8,
                         negatives=2))
FAST = dict(type='mmdfkd.FastDFKD', schedule=dict(ROUNDS, memory_size=8))


@pytest.mark.parametrize('method', [
    dict(type='mmdfkd.DeepInversion', bank_size=8, schedule=ROUNDS),
    CMI,
    FAST,
])
def test_round_based_methods_refuse_segmentors(method):
    name = method['type'].split('.')[1]
    assert issubclass(MODELS.get(name), RoundBasedDistiller)
    with pytest.raises(ValueError, match=f'^{name} synthesises images of '
                       'per-image target classes, which a segmentor'):
        MODELS.build(tiny_seg_ddad(**method))


@pytest.mark.parametrize('method', [CMI, FAST])
def test_memory_methods_refuse_conditional_generators_and_no_memory(method):
    name = method['type'].split('.')[1]
    with pytest.raises(ValueError, match=f'^{name} draws the target classes '
                       'itself, so it needs an unconditional generator'):
        MODELS.build(tiny_ddad(
            **method, generator=tiny_cgdd()['generator']))
    no_memory = dict(method, schedule=dict(method['schedule'], memory_size=0))
    with pytest.raises(ValueError, match=f'^{name} trains the student on the '
                       'memory .*memory_size must be at least the train '
                       'batch size, got 0'):
        MODELS.build(tiny_ddad(**no_memory))
