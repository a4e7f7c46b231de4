import pytest
import torch

from mmdfkd.models import ConditionalBatchNorm2d, ConditionalGenerator
from mmdfkd.registry import MODELS


def _generator(**kwargs):
    cfg = dict(type='mmdfkd.ConditionalGenerator', num_classes=5,
               latent_dim=8, base_channels=4)
    cfg.update(kwargs)
    return MODELS.build(cfg)


@pytest.mark.parametrize('conditional_bn', [True, False])
def test_labels_change_the_output_for_the_same_codes(conditional_bn):
    gen = _generator(conditional_bn=conditional_bn)
    gen.eval()  # per-sample outputs, independent of the batch
    z = torch.randn(1, 8).expand(5, 8)
    out = gen(z, torch.arange(5))
    assert out.shape == (5, 3, 32, 32)
    for i in range(1, 5):
        assert not torch.allclose(out[0], out[i])
    assert torch.equal(gen(z[:2], torch.tensor([3, 3]))[0],
                       gen(z[:2], torch.tensor([3, 3]))[1])


def test_label_embedding_and_class_norms_receive_gradients():
    gen = _generator()
    gen(torch.randn(6, 8), torch.tensor([0, 1, 2, 0, 1, 2])).square().sum()\
        .backward()
    embedding_grad = gen.label_embedding.weight.grad
    assert embedding_grad[:3].abs().sum(dim=1).gt(0).all()
    # Classes absent from the batch get no gradient.
    assert embedding_grad[3:].eq(0).all()
    norm = gen.blocks[0].norm
    assert isinstance(norm, ConditionalBatchNorm2d)
    assert norm.gamma.weight.grad[:3].abs().sum() > 0


@pytest.mark.parametrize('size,stem,stages', [
    (32, (8, 8), 2),
    (64, (8, 8), 3),
    ((48, 96), (3, 6), 4),
])
def test_shapes_at_32_and_larger_sizes(size, stem, stages):
    gen = _generator(img_size=size, out_channels=1)
    assert gen.init_hw == stem and len(gen.blocks) == stages
    out = gen(torch.randn(2, 8), torch.tensor([0, 4]))
    hw = (size, size) if isinstance(size, int) else size
    assert out.shape == (2, 1, *hw)


def test_32x32_widths_follow_dfad():
    gen = ConditionalGenerator(num_classes=3, latent_dim=8, base_channels=16)
    assert gen.project_norm.num_features == 32
    assert [b.conv[1].out_channels for b in gen.blocks] == [32, 16]


def test_bad_size_labels_and_classes_errors():
    with pytest.raises(ValueError, match='divisible by 16'):
        ConditionalGenerator(num_classes=3, img_size=100)
    with pytest.raises(ValueError, match='num_classes >= 1'):
        ConditionalGenerator(num_classes=0)
    gen = _generator()
    with pytest.raises(ValueError, match=r'one label per code, shape \(2, \)'):
        gen(torch.randn(2, 8), torch.tensor([1]))


def test_cycled_labels():
    assert _generator().cycled_labels(7).tolist() == [0, 1, 2, 3, 4, 0, 1]
    assert MODELS.build(dict(type='mmdfkd.DFADGenerator',
                             base_channels=4)).cycled_labels(3) is None
