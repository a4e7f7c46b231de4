# DDAD, CIFAR-10, ResNet-34 teacher -> ResNet-18 student (paper protocol):
# batch 256, 5 student steps per generator step, student SGD lr 0.1,
# generator Adam lr 1e-3, 500 "epochs" of 50 iterations, both learning
# rates x0.1 at epochs 100 and 200. The student is validated on the real
# CIFAR-10 test split; the distillation never reads the train split.
#
# Train the teacher first:
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar10.py
# or point `model.teacher_ckpt` at your own (same architecture).
_base_ = [
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    '../_base_/schedules/ddad_500x50.py',
]
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

model = dict(
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_cifar10.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_cifar10/epoch_200.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_cifar10.py',
    generator=dict(
        type='DFADGenerator',
        img_size=32))

train_dataloader = dict(
    _delete_=True, batch_size=256, **_base_.latent_train_dataloader)
val_dataloader = dict(batch_size=256)
test_dataloader = dict(batch_size=256)
