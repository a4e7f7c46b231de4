"""mmpretrain's CIFAR datasets read the fixture files like the real ones."""
import numpy as np
import pytest
from fixtures import relax_cifar_checksums, write_cifar10, write_cifar100
from mmpretrain.datasets import CIFAR10, CIFAR100

# Scoped, as the tests run under the mmengine default scope.
PIPELINE = [dict(type='mmpretrain.PackInputs')]


@pytest.mark.parametrize('cls, writer, num_classes', [
    (CIFAR10, write_cifar10, 10),
    (CIFAR100, write_cifar100, 100),
])
@pytest.mark.parametrize('split', ['train', 'test'])
def test_cifar_fixture_loads(tmp_path, monkeypatch, cls, writer, num_classes,
                             split):
    relax_cifar_checksums(monkeypatch)
    written = writer(str(tmp_path), num_train=12, num_test=7, seed=3)
    imgs, labels = written[split]

    dataset = cls(
        data_root=str(tmp_path),
        split=split,
        download=False,
        pipeline=PIPELINE)

    assert len(dataset) == len(labels)
    assert len(dataset.CLASSES) == num_classes
    np.testing.assert_array_equal(dataset.get_gt_labels(), labels)
    for i in (0, len(dataset) - 1):
        packed = dataset[i]
        assert packed['inputs'].shape == (3, 32, 32)
        np.testing.assert_array_equal(packed['inputs'].permute(1, 2, 0),
                                      imgs[i])
        assert packed['data_samples'].gt_label.item() == labels[i]


def test_fixture_is_deterministic(tmp_path):
    first = write_cifar10(str(tmp_path / 'a'), seed=1)
    second = write_cifar10(str(tmp_path / 'b'), seed=1)
    for split in ('train', 'test'):
        for a, b in zip(first[split], second[split]):
            np.testing.assert_array_equal(a, b)


def test_real_checksums_reject_fixture(tmp_path):
    """Without the relaxation mmpretrain notices the files are not CIFAR."""
    write_cifar10(str(tmp_path))
    with pytest.raises(RuntimeError, match='Cannot find CIFAR10'):
        CIFAR10(data_root=str(tmp_path), split='test', download=False)
