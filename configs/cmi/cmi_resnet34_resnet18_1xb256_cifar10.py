# CMI, CIFAR-10, ResNet-34 teacher -> ResNet-18 student, the protocol of
# Fast-Datafree's cmi_cifar.sh: 200 rounds of 200 synthesis steps on a
# batch of 256 from a restarted generator (Adam lr 1e-3, betas (0.5,
# 0.999)) and 400 student steps on batches of 256 from the memory of every
# round's images; BN 1, CE 1, masked adversarial 0.5, contrastive 0.8 at
# temperature 0.2 over 4096 of 40,960 banked features; student SGD lr 0.1,
# momentum 0.9, weight decay 1e-4, cosine decay to 2e-4, KL at temperature
# 20. Generator, teacher, student and validation come from the DDAD config
# (README.md lists where this differs from the reference).
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar10.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar10.py']

batch_size = 256
rounds = 200

model = dict(
    type='mmdfkd.CMI',
    generator_losses=dict(
        _delete_=True,
        loss_bn=dict(weight=1.0),
        loss_cls=dict(weight=1.0),
        loss_adv=dict(weight=0.5),
        loss_cr=dict(weight=0.8)),
    # Every round's images, as the reference's unbounded pool: 51,200
    # images, 0.63 GB in float32, in memory and in every checkpoint.
    schedule=dict(
        _delete_=True,
        synthesis_steps=200,
        student_steps=400,
        memory_size=rounds * batch_size,
        feature_bank_size=40960,
        negatives=4096),
    views=dict(padding=4, min_scale=0.25, flip=True))

optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=1e-3, betas=(0.5, 0.999))),
    student=dict(optimizer=dict(lr=0.1, weight_decay=1e-4)))

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
