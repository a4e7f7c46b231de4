# DDAD, Caltech101 at 128x128, torchvision-style ResNet-34 teacher ->
# ResNet-18 student (the DFAD Caltech101 setting): DCGAN generator, batch
# 64, student SGD lr 0.05, generator Adam lr 1e-3, 5 student steps per
# generator step, the CIFAR schedule (500 "epochs" of 50 iterations, both
# learning rates x0.1 at epochs 100 and 200). The student is validated on
# the real held-out 20% of each class; the distillation never reads the
# train split.
#
# Train the teacher first:
#   python tools/train.py configs/teachers/resnet34_1xb64_caltech101.py
# or point `model.teacher_ckpt` at your own (same architecture).
_base_ = [
    '../_base_/datasets/caltech101_128.py',
    '../_base_/schedules/ddad_500x50.py',
]

model = dict(
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb64_caltech101.py',
    teacher_ckpt='work_dirs/resnet34_1xb64_caltech101/epoch_200.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb64_caltech101.py',
    generator=dict(
        type='DCGANGenerator',
        img_size=128))

train_dataloader = dict(
    _delete_=True, batch_size=64, **_base_.latent_train_dataloader)
optim_wrapper = dict(student=dict(optimizer=dict(lr=0.05)))
