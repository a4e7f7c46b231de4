# CGDD, CIFAR-100, ResNet-34 -> ResNet-18; the CIFAR-10 protocol of
# cgdd_resnet34_resnet18_1xb256_cifar10.py with the CIFAR-100 teacher,
# student and validation split.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = [
    './cgdd_resnet34_resnet18_1xb256_cifar10.py',
    '../_base_/cifar100_setup.py',
]

num_classes = 100

model = dict(
    generator=dict(num_classes=num_classes), **_base_.cifar100_networks)
data_preprocessor = _base_.cifar100_data_preprocessor
val_dataloader = _base_.cifar100_val_dataloader
test_dataloader = val_dataloader

# Each class appears 2 or 3 times in a batch of 256.
train_dataloader = dict(dataset=dict(num_classes=num_classes))
