# DFQ, CIFAR-100, ResNet-34 -> ResNet-18: the protocol of
# dfq_resnet34_resnet18_1xb256_cifar10.py on the DDAD CIFAR-100 set-up
# (teacher, student, validation split).
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar100.py']

max_iters = 8000

model = dict(
    type='mmdfkd.DataFreeDistiller',
    generator_losses=dict(
        _delete_=True,
        loss_bn=dict(type='BNStatisticsLoss', weight=1.0),
        loss_onehot=dict(type='OneHotLoss', weight=1.0),
        loss_adv=dict(
            type='AdversarialLoss',
            discrepancy=dict(type='KLDivergence', tau=1.0),
            weight=1.0),
        loss_balance=dict(type='ClassBalanceLoss', weight=20.0)),
    student_losses=dict(
        loss_kd=dict(type='KLDivergence', tau=1.0, weight=1.0)),
    schedule=dict(student_steps=10, generator_first=True))

# Student lr 0.05: the ResNet-34 -> ResNet-18 DFQ script of the CMI code
# (which trains on CIFAR-100).
optim_wrapper = dict(
    student=dict(optimizer=dict(lr=0.05, weight_decay=1e-4)))

train_cfg = dict(max_iters=max_iters, val_interval=160)
# The generator's learning rate stays constant.
param_scheduler = dict(
    generator=[],
    student=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters, eta_min=2e-4)
    ])
default_hooks = dict(checkpoint=dict(interval=160))
