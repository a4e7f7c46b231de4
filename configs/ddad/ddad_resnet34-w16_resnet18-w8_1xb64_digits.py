# DDAD on the embedded digits: a ResNet-34 (w16) teacher trained on the
# digits train split is distilled into a ResNet-18 (w8) student without
# reading a single training image; the student is validated on the
# held-out test split. Sized for a 2-core CPU (see configs/ddad/README.md).
_base_ = [
    '../_base_/datasets/digits.py',
    '../_base_/datafree_runtime.py',
]

latent_dim = 64
max_iters = 300

model = dict(
    type='mmdfkd.DDAD',
    # Config files of the networks: the teacher's own training config.
    teacher='{{ fileDirname }}/../teachers/resnet34-w16_1xb64_digits.py',
    teacher_ckpt='work_dirs/resnet34-w16_1xb64_digits/epoch_15.pth',
    student='{{ fileDirname }}/../_base_/models/resnet18-w8_digits.py',
    generator=dict(
        type='DFADGenerator',
        latent_dim=latent_dim,
        base_channels=32,
        img_size=32),
    generator_losses=dict(
        loss_bn=dict(weight=1.0), loss_adv=dict(weight=1.0)),
    schedule=dict(student_steps=5),
    # Measured neutral at these widths on a CPU; faster for wide nets on GPU.
    channels_last=False)

train_dataloader = dict(
    _delete_=True,
    batch_size=64,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type='mmdfkd.LatentDataset',
        latent_dim=latent_dim,
        seed=0))

train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters,
                 val_interval=50)
# The adversarial game settles only when both learning rates decay.
param_scheduler = dict(
    generator=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters)
    ],
    student=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters)
    ])

default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=100))
custom_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=100),
    dict(type='mmdfkd.DivergenceGuardHook')
]
randomness = dict(seed=0)
