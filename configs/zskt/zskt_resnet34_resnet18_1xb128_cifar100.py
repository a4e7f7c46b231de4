# ZSKT, CIFAR-100, ResNet-34 -> ResNet-18; the CIFAR-10 protocol of
# zskt_resnet34_resnet18_1xb128_cifar10.py with the CIFAR-100 teacher,
# student and validation split; only the KL weights follow the class count.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = [
    './zskt_resnet34_resnet18_1xb128_cifar10.py',
    '../_base_/cifar100_setup.py',
]

num_classes = 100

model = dict(
    generator_losses=dict(loss_adv=dict(weight=1 / num_classes)),
    student_losses=dict(loss_kd=dict(weight=1 / num_classes)),
    **_base_.cifar100_networks)
data_preprocessor = _base_.cifar100_data_preprocessor
val_dataloader = _base_.cifar100_val_dataloader
test_dataloader = val_dataloader
