import pytest
import torch

from mmdfkd.models import DCGANGenerator, DFADGenerator
from mmdfkd.registry import MODELS


def test_dfad_generator_shape_and_standardised_output():
    gen = DFADGenerator(latent_dim=32, base_channels=8, img_size=32)
    out = gen(torch.randn(16, 32))
    assert out.shape == (16, 3, 32, 32)
    # The final affine-free BN standardises every channel of the batch.
    assert torch.allclose(out.mean(dim=(0, 2, 3)), torch.zeros(3), atol=1e-4)
    assert torch.allclose(
        out.var(dim=(0, 2, 3), unbiased=False), torch.ones(3), atol=1e-2)


def test_dfad_generator_rectangular_and_channels():
    gen = DFADGenerator(latent_dim=8, base_channels=4, img_size=(16, 24),
                        out_channels=1)
    assert gen(torch.randn(2, 8)).shape == (2, 1, 16, 24)


def test_dcgan_generator_shape_range_and_init():
    gen = MODELS.build(
        dict(type='mmdfkd.DCGANGenerator', latent_dim=16, base_channels=4,
             img_size=(32, 48)))
    gen.init_weights()
    weight = gen.blocks[0][0].weight
    assert abs(weight.std().item() - 0.02) < 0.005
    out = gen(torch.randn(3, 16))
    assert out.shape == (3, 3, 32, 48)
    assert out.min() >= -1 and out.max() <= 1


def test_generator_bad_sizes_and_latents():
    with pytest.raises(ValueError, match='divisible by 16'):
        DCGANGenerator(img_size=40)
    with pytest.raises(ValueError, match='divisible by 4'):
        DFADGenerator(img_size=30)
    with pytest.raises(ValueError, match=r'latent codes of shape \(B, 8\)'):
        DFADGenerator(latent_dim=8, base_channels=4)(torch.randn(2, 9))
