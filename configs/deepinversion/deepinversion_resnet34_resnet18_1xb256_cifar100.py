# DeepInversion with ADI's competition, CIFAR-100, ResNet-34 -> ResNet-18;
# the CIFAR-10 protocol with the CIFAR-100 teacher, student and validation
# split.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = [
    './deepinversion_resnet34_resnet18_1xb256_cifar10.py',
    '../_base_/cifar100_setup.py',
]

model = dict(**_base_.cifar100_networks)
data_preprocessor = _base_.cifar100_data_preprocessor
val_dataloader = _base_.cifar100_val_dataloader
test_dataloader = val_dataloader
