"""Every registered mmdfkd component resolves from another scope."""
import pytest
from mmengine.registry import DefaultScope

from mmdfkd.registry import ALL_REGISTRIES, DATASETS, HOOKS, MODELS

BUILDABLE = {
    MODELS: [
        dict(type='mmdfkd.DFADGenerator', base_channels=4),
        dict(type='mmdfkd.DCGANGenerator', base_channels=4, img_size=32),
        dict(type='mmdfkd.ConditionalGenerator', num_classes=3,
             base_channels=4),
        dict(type='mmdfkd.PixelGenerator', batch_size=2),
        dict(type='mmdfkd.BNStatisticsLoss'),
        dict(type='mmdfkd.L1Discrepancy'),
        dict(type='mmdfkd.AdversarialLoss'),
        dict(type='mmdfkd.DecisionAdversarialLoss'),
        dict(type='mmdfkd.InstanceContrastiveLoss', temperature=0.1),
        dict(type='mmdfkd.LabelCrossEntropy'),
        dict(type='mmdfkd.LabelMarginLoss', margin=2.0),
        dict(type='mmdfkd.AgreedLabelCrossEntropy'),
        dict(type='mmdfkd.FaithfulAdversarialLoss'),
        dict(type='mmdfkd.KLDivergence', tau=2.0),
        dict(type='mmdfkd.OneHotLoss'),
        dict(type='mmdfkd.ClassBalanceLoss'),
        dict(type='mmdfkd.ClassBalanceLoss', log_base=10),
        dict(type='mmdfkd.ActivationLoss'),
        dict(type='mmdfkd.AttentionTransferLoss'),
        dict(type='mmdfkd.MSEFeatureLoss'),
        dict(type='mmdfkd.TotalVariationLoss'),
        dict(type='mmdfkd.ImageL2Loss'),
        dict(type='mmdfkd.BatchDiversityLoss'),
        dict(type='mmdfkd.CompetitionLoss', tau=3.0),
        dict(type='mmdfkd.WideResNetCIFAR', depth=10, widen_factor=1),
        dict(type='mmdfkd.VGGCIFAR', depth=11),
    ],
    DATASETS: [
        dict(type='mmdfkd.LatentDataset', length=4),
        dict(type='mmdfkd.LatentDataset', length=4, num_classes=3),
        dict(type='mmdfkd.DigitsDataset', split='test'),
    ],
    HOOKS: [
        dict(type='mmdfkd.GeneratedSamplesHook'),
        dict(type='mmdfkd.EvalTimelineHook'),
        dict(type='mmdfkd.DivergenceGuardHook'),
        dict(type='mmdfkd.RandomStateHook'),
        dict(type='mmdfkd.LossWeightScheduleHook', objective='generator',
             term='loss_bn', end_factor=0.0),
        dict(type='mmdfkd.StudentEMAHook', momentum=0.1),
    ],
}


@pytest.mark.parametrize(
    'registry,cfg',
    [(reg, cfg) for reg, cfgs in BUILDABLE.items() for cfg in cfgs],
    ids=lambda v: v['type'] if isinstance(v, dict) else '')
def test_components_build_from_mmpretrain_scope(registry, cfg):
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        assert type(registry.build(dict(cfg))).__name__ == \
            cfg['type'].split('.')[1]


def test_every_registered_name_is_covered():
    built = {cfg['type'].split('.')[1]
             for cfgs in BUILDABLE.values() for cfg in cfgs}
    # Built with more context by their own tests.
    built |= {'DataFreeDistiller', 'DDAD', 'CGDD', 'DeepInversion',
              'FastDFKD', 'CMI', 'PerModuleOptimWrapperConstructor',
              'AutocastOptimWrapper', 'Caltech101', 'TinyImageNet',
              'ImageNetSubset', 'CamVidDataset', 'NYUv2Dataset',
              'DigitMosaicDataset', 'DataFreeRunner'}
    registered = set()
    for registry in ALL_REGISTRIES:
        registered |= set(registry.module_dict)
    assert registered <= built, registered - built
