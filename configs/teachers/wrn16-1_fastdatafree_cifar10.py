# WRN-16-1 CIFAR-10 teacher of Fast-Datafree / CMI: their released
# cifar10_wrn16_1.pth, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoints/pretrained/cifar10_wrn16_1.pth \
#       checkpoints/wrn16-1_fastdatafree_cifar10.pth
# (configs/teachers/README.md: distilling it, its accuracy).
_base_ = [
    '../_base_/models/wide-resnet_cifar.py',
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(
    backbone=dict(depth=16, widen_factor=1),
    head=dict(in_channels=64))
