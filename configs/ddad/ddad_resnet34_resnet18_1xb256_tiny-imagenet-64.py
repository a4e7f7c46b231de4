# DDAD, Tiny-ImageNet at 64x64, ResNet-34 -> ResNet-18 (CIFAR stems): the
# CIFAR protocol (batch 256, student SGD lr 0.1, generator Adam lr 1e-3,
# 500 "epochs" of 50 iterations, x0.1 at epochs 100 and 200) with a DCGAN
# generator at 64x64. The student is validated on the real val split.
#
# Train the teacher first:
#   python tools/train.py configs/teachers/resnet34_1xb128_tiny-imagenet.py
_base_ = [
    '../_base_/datasets/tiny_imagenet_64.py',
    '../_base_/schedules/ddad_500x50.py',
]

model = dict(
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_tiny-imagenet.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_tiny-imagenet/epoch_200.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_tiny-imagenet.py',
    generator=dict(
        type='DCGANGenerator',
        img_size=64))

train_dataloader = dict(
    _delete_=True, batch_size=256, **_base_.latent_train_dataloader)
