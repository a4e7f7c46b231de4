import pytest
import torch
import torch.nn.functional as F

from mmdfkd.models import AttentionTransferLoss, MSEFeatureLoss, match_spatial
from mmdfkd.registry import MODELS


def test_attention_transfer_matches_the_formula():
    student, teacher = torch.randn(2, 4, 5, 5), torch.randn(2, 16, 5, 5)

    def attention(f):
        return F.normalize(f.pow(2).mean(1).view(f.shape[0], -1), dim=1)

    expected = (attention(student) - attention(teacher)).pow(2).mean()
    loss = MODELS.build(dict(type='mmdfkd.AttentionTransferLoss'))
    assert torch.allclose(loss(student, teacher), expected)
    # Scale-free: only where the activations are, not how large.
    assert loss(3 * teacher, teacher) < 1e-12
    assert not AttentionTransferLoss.requires_connectors


def test_attention_transfer_matches_spatial_sizes_and_gradients():
    student = torch.randn(2, 4, 8, 8, requires_grad=True)
    teacher = torch.randn(2, 8, 4, 4)
    loss = AttentionTransferLoss()(student, teacher)
    loss.backward()
    assert loss > 0 and student.grad.abs().sum() > 0
    # Pooling the student's map to 4x4 gives the same value.
    pooled = F.adaptive_avg_pool2d(student.detach().pow(2).mean(1, True), 4)
    expected = (F.normalize(pooled.flatten(1)) -
                F.normalize(teacher.pow(2).mean(1).flatten(1))).pow(2).mean()
    assert torch.allclose(loss, expected)


def test_match_spatial_pools_the_larger_map():
    a, b = match_spatial(torch.randn(1, 2, 8, 6), torch.randn(1, 3, 4, 6))
    assert a.shape == (1, 2, 4, 6) and b.shape == (1, 3, 4, 6)
    same = torch.randn(1, 1, 3, 3)
    assert match_spatial(same, same)[0] is same


def test_mse_feature_loss():
    student, teacher = torch.randn(2, 8, 8, 8), torch.randn(2, 8, 4, 4)
    loss = MSEFeatureLoss()(student, teacher)
    assert torch.allclose(
        loss, F.mse_loss(F.adaptive_avg_pool2d(student, 4), teacher))
    assert MSEFeatureLoss.requires_connectors
    with pytest.raises(ValueError, match='connector'):
        MSEFeatureLoss()(torch.randn(2, 4, 4, 4), teacher)
