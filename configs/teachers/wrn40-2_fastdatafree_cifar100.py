# WRN-40-2 CIFAR-100 teacher of Fast-Datafree / CMI: their released
# cifar100_wrn40_2.pth, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoints/pretrained/cifar100_wrn40_2.pth \
#       checkpoints/wrn40-2_fastdatafree_cifar100.pth
# (configs/teachers/README.md: distilling it, its accuracy).
# Normalised with mmpretrain's CIFAR-100 statistics, within 0.05 (of 255) of
# the source's.
_base_ = [
    '../_base_/models/wide-resnet_cifar.py',
    'mmpretrain::_base_/datasets/cifar100_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(head=dict(num_classes=100))
