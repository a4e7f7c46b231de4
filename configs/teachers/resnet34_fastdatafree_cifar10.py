# ResNet-34 CIFAR-10 teacher of Fast-Datafree / CMI: their released
# cifar10_resnet34.pth, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoints/pretrained/cifar10_resnet34.pth \
#       checkpoints/resnet34_fastdatafree_cifar10.pth
# (configs/teachers/README.md: distilling it, its accuracy).
_base_ = [
    'mmpretrain::_base_/models/resnet34_cifar.py',
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(_scope_='mmpretrain')
