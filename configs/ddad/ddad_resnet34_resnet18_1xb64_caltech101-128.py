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
    '../_base_/datafree_runtime.py',
]

latent_dim = 256
n_student_steps = 5
iters_per_epoch = 50
max_iters = 500 * iters_per_epoch

model = dict(
    type='mmdfkd.DDAD',
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb64_caltech101.py',
    teacher_ckpt='work_dirs/resnet34_1xb64_caltech101/epoch_200.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb64_caltech101.py',
    generator=dict(
        type='DCGANGenerator',
        latent_dim=latent_dim,
        base_channels=64,
        img_size=128),
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
