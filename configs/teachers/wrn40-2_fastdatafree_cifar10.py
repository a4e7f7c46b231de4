# WRN-40-2 CIFAR-10 teacher of Fast-Datafree / CMI: their released
# cifar10_wrn40_2.pth, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoints/pretrained/cifar10_wrn40_2.pth \
#       checkpoints/wrn40-2_fastdatafree_cifar10.pth
# (configs/teachers/README.md: distilling it, its accuracy).
_base_ = [
    '../_base_/models/wide-resnet_cifar.py',
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]
