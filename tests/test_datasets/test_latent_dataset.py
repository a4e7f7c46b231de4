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


def _labels(dataset, indices):
    return torch.stack([dataset[i]['labels'] for i in indices])


def test_no_labels_without_num_classes():
    assert 'labels' not in LatentDataset(latent_dim=4, length=3)[0]


def test_preset_labels_are_deterministic_and_resumable():
    a = LatentDataset(latent_dim=4, num_draws=6, length=100, seed=3,
                      num_classes=10)
    b = LatentDataset(latent_dim=4, num_draws=6, length=100, seed=3,
                      num_classes=10)
    labels = a[7]['labels']
    assert labels.dtype == torch.long and labels.shape == (6, )
    # A function of (seed, index) only: any order, any process, any resume.
    assert torch.equal(_labels(a, [7, 2]), _labels(b, [7, 2]))
    assert torch.equal(b[7]['labels'], labels)
    # The codes do not change when labels are added.
    assert torch.equal(a[7]['inputs'], LatentDataset(
        latent_dim=4, num_draws=6, length=100, seed=3)[7]['inputs'])
    # The draws of a sample (the steps of one iteration) differ in class.
    assert len(set(labels.tolist())) == 6


@pytest.mark.parametrize('start,size', [(0, 20), (13, 30), (83, 5)])
def test_preset_labels_are_balanced_in_consecutive_batches(start, size):
    dataset = LatentDataset(latent_dim=4, num_draws=3, length=100,
                            num_classes=5)
    labels = _labels(dataset, range(start, start + size))
    for draw in range(3):
        counts = torch.bincount(labels[:, draw], minlength=5)
        assert counts.eq(size // 5).all(), counts
    # Not a multiple: each class floor or ceil of size / num_classes times.
    counts = torch.bincount(_labels(dataset, range(start, start + 12))[:, 0],
                            minlength=5)
    assert set(counts.tolist()) <= {2, 3}


def test_preset_labels_of_different_seeds_differ():
    a = LatentDataset(latent_dim=4, num_draws=2, length=20, seed=0,
                      num_classes=10)
    b = LatentDataset(latent_dim=4, num_draws=2, length=20, seed=10,
                      num_classes=10)
    assert not torch.equal(_labels(a, range(20)), _labels(b, range(20)))
    with pytest.raises(ValueError, match='num_classes'):
        LatentDataset(num_classes=0)


def test_ranks_draw_disjoint_codes(monkeypatch):
    """Under DDP, mmengine's infinite sampler gives each rank every
    world-size-th index: the ranks' latent codes never coincide."""
    from mmengine.dataset import sampler as samplers

    dataset = LatentDataset(latent_dim=4, num_draws=2, seed=0)
    drawn = {}
    for rank in (0, 1):
        monkeypatch.setattr(samplers, 'get_dist_info', lambda r=rank: (r, 2))
        indices = iter(samplers.InfiniteSampler(dataset, shuffle=False))
        drawn[rank] = [next(indices) for _ in range(64)]
    assert not set(drawn[0]) & set(drawn[1])
    codes = {rank: torch.stack([dataset[i]['inputs'] for i in drawn[rank]])
             for rank in drawn}
    assert not any(torch.equal(a, b) for a in codes[0].flatten(1)
                   for b in codes[1].flatten(1))
