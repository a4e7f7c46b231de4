# Fast-5 (FastDFKD), CIFAR-100, ResNet-34 teacher -> ResNet-18 student, the
# protocol of Fast-Datafree's fast_cifar.sh: 220 rounds of 5 inner
# synthesis steps on a batch of 256 and 400 student steps on batches of
# 256 from the memory of every round's images; inner Adam lr 3e-3
# (generator) and 1e-2 (latent codes), meta Adam lr 1.5e-2, betas (0.5,
# 0.999); student SGD lr 0.2, momentum 0.9, weight decay 1e-4, cosine
# decay to 2e-4, KL at temperature 20. Generator, teacher, student and
# validation come from the DDAD config (README.md lists where this
# differs from the reference).
# On the DDAD CIFAR-100 set-up (teacher, student, validation split).
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar100.py']

batch_size = 256
rounds = 220

model = dict(
    type='mmdfkd.FastDFKD',
    # Fast's terms and weights: BN 10, CE 0.5 on the round's targets,
    # masked adversarial KL 1.33; student KL at temperature 20.
    generator_losses=dict(
        _delete_=True,
        loss_bn=dict(weight=10.0),
        loss_cls=dict(weight=0.5),
        loss_adv=dict(weight=1.33)),
    # Every round's batch, as the reference's unbounded pool: 56,320
    # images, 0.69 GB in float32, in memory and in every checkpoint.
    schedule=dict(
        _delete_=True,
        synthesis_steps=5,
        student_steps=400,
        memory_size=rounds * batch_size,
        inner_lr=3e-3,
        latent_lr=1e-2))

optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=1.5e-2, betas=(0.5, 0.999))),
    student=dict(optimizer=dict(lr=0.2, weight_decay=1e-4)))

# One round per iteration.
train_cfg = dict(max_iters=rounds, val_interval=10)
param_scheduler = dict(
    _delete_=True,
    generator=[],
    student=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0, end=rounds,
             T_max=rounds, eta_min=2e-4)
    ])
default_hooks = dict(checkpoint=dict(interval=10))
