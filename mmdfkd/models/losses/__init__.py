from .bn_statistics_loss import BNStatisticsLoss, batchnorm_layers
from .class_prior import ClassBalanceLoss, OneHotLoss
from .discrepancy import KLDivergence, L1Discrepancy
from .feature_losses import (
    AttentionTransferLoss,
    MSEFeatureLoss,
    check_feature_map,
    match_spatial,
)

__all__ = [
    'BNStatisticsLoss', 'batchnorm_layers', 'L1Discrepancy', 'KLDivergence',
    'OneHotLoss', 'ClassBalanceLoss', 'AttentionTransferLoss',
    'MSEFeatureLoss', 'check_feature_map', 'match_spatial'
]
