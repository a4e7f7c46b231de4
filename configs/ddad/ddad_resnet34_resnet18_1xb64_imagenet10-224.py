# DDAD, ImageNet-10 (the Imagenette classes) at 224x224, ResNet-34 ->
# ResNet-18 (ImageNet stems): the ImageNet-1k settings with the ImageNet-10
# teacher, student and validation split.
#   python tools/train.py configs/teachers/resnet34_1xb128_imagenet10.py
_base_ = [
    '../_base_/datasets/imagenet10_224.py',
    '../_base_/datafree_runtime.py',
]

latent_dim = 256
n_student_steps = 5
iters_per_epoch = 50
max_iters = 500 * iters_per_epoch

model = dict(
    type='mmdfkd.DDAD',
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_imagenet10.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_imagenet10/epoch_100.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_imagenet10.py',
    generator=dict(
        type='DCGANGenerator',
        latent_dim=latent_dim,
        base_channels=64,
        img_size=224),
    bn_loss=dict(type='BNStatisticsLoss', first_bn_multiplier=10.0),
    lambda_bn=1.0,
    lambda_adv=1.0,
    n_student_steps=n_student_steps,
    channels_last=True)

train_dataloader = dict(
    _delete_=True,
    batch_size=64,
    num_workers=2,
    sampler=dict(type='InfiniteSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type='mmdfkd.LatentDataset',
        latent_dim=latent_dim,
        num_draws=n_student_steps + 1,
        seed=0))
optim_wrapper = dict(student=dict(optimizer=dict(lr=0.05)))

train_cfg = dict(
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=10 * iters_per_epoch)
param_scheduler = dict(
    generator=[
        dict(type='MultiStepLR', by_epoch=False, gamma=0.1,
             milestones=[100 * iters_per_epoch, 200 * iters_per_epoch])
    ],
    student=[
        dict(type='MultiStepLR', by_epoch=False, gamma=0.1,
             milestones=[100 * iters_per_epoch, 200 * iters_per_epoch])
    ])
default_hooks = dict(
    checkpoint=dict(interval=10 * iters_per_epoch, save_best='auto'))
