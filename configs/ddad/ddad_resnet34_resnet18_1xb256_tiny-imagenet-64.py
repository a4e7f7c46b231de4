# DDAD, Tiny-ImageNet at 64x64, ResNet-34 -> ResNet-18 (CIFAR stems): the
# CIFAR protocol (batch 256, student SGD lr 0.1, generator Adam lr 1e-3,
# 500 "epochs" of 50 iterations, x0.1 at epochs 100 and 200) with a DCGAN
# generator at 64x64. The student is validated on the real val split.
#
# Train the teacher first:
#   python tools/train.py configs/teachers/resnet34_1xb128_tiny-imagenet.py
_base_ = [
    '../_base_/datasets/tiny_imagenet_64.py',
    '../_base_/datafree_runtime.py',
]

latent_dim = 256
n_student_steps = 5
iters_per_epoch = 50
max_iters = 500 * iters_per_epoch

model = dict(
    type='mmdfkd.DDAD',
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_tiny-imagenet.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_tiny-imagenet/epoch_200.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_tiny-imagenet.py',
    generator=dict(
        type='DCGANGenerator',
        latent_dim=latent_dim,
        base_channels=64,
        img_size=64),
    lambda_bn=1.0,
    lambda_adv=1.0,
    n_student_steps=n_student_steps,
    channels_last=True)

train_dataloader = dict(
    _delete_=True,
    batch_size=256,
    num_workers=2,
    sampler=dict(type='InfiniteSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type='mmdfkd.LatentDataset',
        latent_dim=latent_dim,
        num_draws=n_student_steps + 1,
        seed=0))

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
