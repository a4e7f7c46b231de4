# DeepInversion with ADI's competition, CIFAR-10, ResNet-34 teacher ->
# ResNet-18 student, after the Fast-Datafree run whose numbers README.md
# quotes ("DeepInv-2k"): 200 rounds, each 2000 pixel steps on a batch of
# 256 images then 400 student steps on batches of 256 drawn from every
# image synthesised so far; student SGD lr 0.1, momentum 0.9, weight
# decay 1e-4, cosine decay over the rounds to 2e-4, KL at temperature 20;
# pixels Adam lr 0.1, betas (0.5, 0.99), rolled by up to 4 pixels and
# flipped. The student is validated on the real CIFAR-10 test split; the
# distillation never reads the train split.
#
# Train the teacher first:
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar10.py
# or point `model.teacher_ckpt` at your own (same architecture).
_base_ = [
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    '../_base_/datafree_runtime.py',
]
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

batch_size = 256
rounds = 200

model = dict(
    type='mmdfkd.DeepInversion',
    teacher='{{ fileDirname }}/../teachers/resnet34_1xb128_cifar10.py',
    teacher_ckpt='work_dirs/resnet34_1xb128_cifar10/epoch_200.pth',
    student='{{ fileDirname }}/../teachers/resnet18_1xb128_cifar10.py',
    generator=dict(
        type='PixelGenerator',
        batch_size=batch_size,
        img_size=32,
        jitter=4,
        flip=True),
    # DeepInversion's default terms: CE 1, BN 10, TV 2.5e-5, L2 off,
    # competition 1; student KL at temperature 20.
    schedule=dict(synthesis_steps=2000, student_steps=400),
    # Every round's batch, as the reference's unbounded pool: 51,200
    # images, 0.63 GB in float32, in memory and in every checkpoint.
    bank_size=rounds * batch_size)

# One latent draw (the initial pixels) per round; the runner fills in
# latent_dim and num_draws.
train_dataloader = dict(
    _delete_=True,
    batch_size=batch_size,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='mmdfkd.LatentDataset', seed=0))
val_dataloader = dict(batch_size=256)
test_dataloader = dict(batch_size=256)

optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=0.1, betas=(0.5, 0.99))),
    student=dict(optimizer=dict(weight_decay=1e-4)))

# One round per iteration.
train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=rounds, val_interval=10)
param_scheduler = dict(
    generator=[],
    student=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0, end=rounds,
             T_max=rounds, eta_min=2e-4)
    ])
default_hooks = dict(checkpoint=dict(interval=10))
custom_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=10),
    dict(type='mmdfkd.DivergenceGuardHook')
]
