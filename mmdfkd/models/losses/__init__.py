from .activation_loss import ActivationLoss
from .bn_statistics_loss import (
    BNStatisticsLoss,
    batchnorm_layers,
    record_bn_inputs,
)
from .class_prior import (
    AgreedLabelCrossEntropy,
    ClassBalanceLoss,
    LabelCrossEntropy,
    LabelMarginLoss,
    OneHotLoss,
)
from .competition import CompetitionLoss
from .contrastive import InstanceContrastiveLoss
from .discrepancy import (
    AdversarialLoss,
    DecisionAdversarialLoss,
    FaithfulAdversarialLoss,
    KLDivergence,
    L1Discrepancy,
)
from .feature_losses import (
    AttentionTransferLoss,
    MSEFeatureLoss,
    check_feature_map,
    match_spatial,
)
from .image_priors import (
    BatchDiversityLoss,
    ImageL2Loss,
    TotalVariationLoss,
    batch_diversity,
)

__all__ = [
    'ActivationLoss', 'AdversarialLoss', 'AgreedLabelCrossEntropy',
    'AttentionTransferLoss', 'BatchDiversityLoss',
    'BNStatisticsLoss', 'ClassBalanceLoss', 'CompetitionLoss',
    'DecisionAdversarialLoss', 'FaithfulAdversarialLoss', 'ImageL2Loss',
    'InstanceContrastiveLoss',
    'KLDivergence',
    'L1Discrepancy', 'LabelCrossEntropy', 'LabelMarginLoss',
    'MSEFeatureLoss', 'OneHotLoss', 'TotalVariationLoss',
    'batch_diversity', 'batchnorm_layers', 'check_feature_map',
    'match_spatial', 'record_bn_inputs'
]
