# The CIFAR-100 set-up of the paper-protocol configs: ResNet-34 teacher,
# ResNet-18 student, CIFAR-100 input statistics and the real CIFAR-100
# test split for validation. A method's CIFAR-100 config inherits its
# CIFAR-10 config and this file, and sets
#   model = dict(**_base_.cifar100_networks)
#   data_preprocessor = _base_.cifar100_data_preprocessor
#   val_dataloader = _base_.cifar100_val_dataloader
#   test_dataloader = val_dataloader
# plus whatever the class count changes in the method.
cifar100_networks = dict(
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_cifar100.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_cifar100/epoch_200.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_cifar100.py')

# CIFAR-100 statistics, as in mmpretrain's cifar100 dataset config.
cifar100_data_preprocessor = dict(
    num_classes=100,
    mean=[129.304, 124.070, 112.434],
    std=[68.170, 65.392, 70.418])

cifar100_val_dataloader = dict(
    dataset=dict(type='CIFAR100', data_root='data/cifar100'))
