# ResNet-34 CIFAR-100 teacher of Fast-Datafree / CMI: their released
# cifar100_resnet34.pth, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoints/pretrained/cifar100_resnet34.pth \
#       checkpoints/resnet34_fastdatafree_cifar100.pth
# (configs/teachers/README.md: distilling it, its accuracy).
# Normalised with mmpretrain's CIFAR-100 statistics, within 0.05 (of 255) of
# the source's.
_base_ = [
    'mmpretrain::_base_/models/resnet34_cifar.py',
    'mmpretrain::_base_/datasets/cifar100_bs16.py',
    'mmpretrain::_base_/default_runtime.py',
]

model = dict(_scope_='mmpretrain', head=dict(num_classes=100))
