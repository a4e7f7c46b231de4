# VGG-11-BN CIFAR-100 teacher of Fast-Datafree / CMI: their released
# cifar100_vgg11.pth, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoints/pretrained/cifar100_vgg11.pth \
#       checkpoints/vgg11-bn_fastdatafree_cifar100.pth
# (configs/teachers/README.md: distilling it, its accuracy).
# Normalised with mmpretrain's CIFAR-100 statistics, within 0.05 (of 255) of
# the source's.
_base_ = [
    '../_base_/models/vgg11-bn_cifar.py',
    'mmpretrain::_base_/datasets/cifar100_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(head=dict(num_classes=100))
