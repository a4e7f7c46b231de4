# VGG-11-BN CIFAR-10 teacher of Fast-Datafree / CMI: their released
# cifar10_vgg11.pth, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoints/pretrained/cifar10_vgg11.pth \
#       checkpoints/vgg11-bn_fastdatafree_cifar10.pth
# (configs/teachers/README.md: distilling it, its accuracy).
_base_ = [
    '../_base_/models/vgg11-bn_cifar.py',
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]
