# DDAD, ImageNet-10 (the Imagenette classes) at 224x224, ResNet-34 ->
# ResNet-18 (ImageNet stems): the ImageNet-1k settings with the ImageNet-10
# teacher, student and validation split.
#   python tools/train.py configs/teachers/resnet34_1xb128_imagenet10.py
_base_ = [
    '../_base_/datasets/imagenet10_224.py',
    '../_base_/schedules/ddad_500x50.py',
]

model = dict(
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_imagenet10.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_imagenet10/epoch_100.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_imagenet10.py',
    generator=dict(
        type='DCGANGenerator',
        img_size=224),
    generator_losses=dict(loss_bn=dict(first_bn_multiplier=10.0)))

train_dataloader = dict(
    _delete_=True, batch_size=64, **_base_.latent_train_dataloader)
optim_wrapper = dict(student=dict(optimizer=dict(lr=0.05)))
