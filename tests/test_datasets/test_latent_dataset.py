import pytest
import torch

from mmdfkd.datasets import LatentDataset


def test_same_index_same_code_and_shape():
    a = LatentDataset(latent_dim=7, num_draws=3, length=100, seed=1)
    b = LatentDataset(latent_dim=7, num_draws=3, length=100, seed=1)
    assert a[5]['inputs'].shape == (3, 7)
    assert torch.equal(a[5]['inputs'], b[5]['inputs'])
    assert not torch.equal(a[5]['inputs'], a[6]['inputs'])


def test_different_seeds_differ_and_codes_are_standard_normal():
    a = LatentDataset(latent_dim=64, num_draws=4, length=10, seed=0)
    b = LatentDataset(latent_dim=64, num_draws=4, length=10, seed=1)
    assert not torch.equal(a[0]['inputs'], b[0]['inputs'])
    codes = torch.cat([a[i]['inputs'] for i in range(10)])
    assert abs(codes.mean().item()) < 0.1
    assert abs(codes.std().item() - 1) < 0.1


def test_bad_arguments_and_index():
    with pytest.raises(ValueError, match='positive'):
        LatentDataset(latent_dim=0)
    with pytest.raises(IndexError):
        LatentDataset(length=3)[3]
