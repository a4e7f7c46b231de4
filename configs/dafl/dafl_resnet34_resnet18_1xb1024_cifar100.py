# DAFL, CIFAR-100, ResNet-34 -> ResNet-18; the CIFAR-10 protocol of
# dafl_resnet34_resnet18_1xb1024_cifar10.py with DAFL's CIFAR-100 weights
# and the CIFAR-100 teacher, student and validation split.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = [
    './dafl_resnet34_resnet18_1xb1024_cifar10.py',
    '../_base_/cifar100_setup.py',
]

model = dict(
    generator_losses=dict(
        loss_onehot=dict(weight=0.5),
        loss_ie=dict(weight=20.0),
        loss_act=dict(weight=0.1)),
    **_base_.cifar100_networks)
data_preprocessor = _base_.cifar100_data_preprocessor
val_dataloader = _base_.cifar100_val_dataloader
test_dataloader = val_dataloader
