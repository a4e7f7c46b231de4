# DeepInversion with ADI's competition, CIFAR-100, ResNet-34 -> ResNet-18;
# the CIFAR-10 protocol with the CIFAR-100 teacher, student and validation
# split.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = ['./deepinversion_resnet34_resnet18_1xb256_cifar10.py']

model = dict(
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_cifar100.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_cifar100/epoch_200.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_cifar100.py')

# CIFAR-100 statistics, as in mmpretrain's cifar100 dataset config.
data_preprocessor = dict(
    num_classes=100,
    mean=[129.304, 124.070, 112.434],
    std=[68.170, 65.392, 70.418])

val_dataloader = dict(
    dataset=dict(type='CIFAR100', data_root='data/cifar100'))
test_dataloader = val_dataloader
