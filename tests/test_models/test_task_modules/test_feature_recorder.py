import pytest
import torch
from tiny_models import tiny_classifier

from mmdfkd.models import FeatureConnectors, FeatureRecorder, find_submodules
from mmdfkd.registry import MODELS

PATHS = ['backbone.layer1', 'backbone.layer2', 'backbone.layer2.1.conv2']


def _hooks(model):
    return sum(len(m._forward_hooks) for m in model.modules())


@pytest.mark.parametrize('width', [8, 4])
def test_records_the_outputs_of_valid_paths(width):
    model = MODELS.build(tiny_classifier(width))
    recorder = FeatureRecorder(model, PATHS)
    images = torch.randn(3, 3, 32, 32)
    with torch.no_grad(), recorder.record() as teacher_maps:
        model(images, mode='tensor')
    assert teacher_maps['backbone.layer1'].shape == (3, width, 32, 32)
    assert teacher_maps['backbone.layer2'].shape == (3, 2 * width, 16, 16)
    assert teacher_maps['backbone.layer2.1.conv2'].shape == \
        (3, 2 * width, 16, 16)
    assert not teacher_maps['backbone.layer1'].requires_grad

    with recorder.record() as student_maps:
        model(images, mode='tensor')
    layer2 = student_maps['backbone.layer2']
    assert layer2.requires_grad  # with gradients: distil through it
    layer2.sum().backward()
    assert model.backbone.layer1[0].conv1.weight.grad is not None


def test_hooks_are_removed_on_exit_even_after_an_error():
    model = MODELS.build(tiny_classifier(4))
    recorder = FeatureRecorder(model, PATHS)
    assert _hooks(model) == 0
    with recorder.record():
        assert _hooks(model) == len(PATHS)
    assert _hooks(model) == 0
    with pytest.raises(RuntimeError, match='boom'):
        with recorder.record():
            raise RuntimeError('boom')
    assert _hooks(model) == 0
    # Outside the block, forwards record nothing.
    with recorder.record() as maps:
        pass
    model(torch.randn(1, 3, 32, 32), mode='tensor')
    assert maps == {}


def test_wrong_path_lists_valid_paths_and_close_matches():
    model = MODELS.build(tiny_classifier(4))
    with pytest.raises(ValueError) as err:
        find_submodules(model, ['backbone.layer1', 'backbone.layr2'])
    message = str(err.value)
    assert '"backbone.layr2"' in message
    assert "Did you mean ['backbone.layer2'" in message
    for valid in ('backbone', 'backbone.layer1', 'neck', 'head.fc'):
        assert f"'{valid}'" in message
    # Only the top two levels are listed.
    assert "'backbone.layer1.0'" not in message


def test_connectors_map_student_to_teacher_channels():
    connectors = FeatureConnectors([(4, 8), (8, 16)])
    assert list(connectors) == ['0', '1']
    out = connectors([torch.randn(2, 4, 8, 8), torch.randn(2, 8, 4, 4)])
    assert [o.shape for o in out] == [(2, 8, 8, 8), (2, 16, 4, 4)]
    assert len(FeatureConnectors()) == 0
    with pytest.raises(ValueError, match='2 connectors, got 1'):
        connectors([torch.randn(2, 4, 8, 8)])
