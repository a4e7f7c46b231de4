# DAFL, CIFAR-100, ResNet-34 -> ResNet-18: the CIFAR-10 protocol of
# dafl_resnet34_resnet18_1xb1024_cifar10.py with DAFL's CIFAR-100 weights,
# on the DDAD CIFAR-100 set-up (teacher, student, validation split).
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar100.py']

latent_dim = 1000
iters_per_epoch = 120
max_iters = 2000 * iters_per_epoch

model = dict(
    type='mmdfkd.DataFreeDistiller',
    generator=dict(latent_dim=latent_dim),
    generator_losses=dict(
        _delete_=True,
        loss_onehot=dict(type='OneHotLoss', weight=0.5),
        loss_ie=dict(type='ClassBalanceLoss', log_base=10, weight=20.0),
        loss_act=dict(type='ActivationLoss', weight=0.1)),
    student_losses=dict(
        loss_kd=dict(type='KLDivergence', tau=1.0, weight=1.0)),
    schedule=dict(student_steps=1, generator_first=False))

train_dataloader = dict(batch_size=1024, dataset=dict(latent_dim=latent_dim))

optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=0.02, betas=(0.9, 0.999))))

train_cfg = dict(max_iters=max_iters, val_interval=40 * iters_per_epoch)
param_scheduler = dict(
    generator=[],
    student=[
        dict(type='MultiStepLR', by_epoch=False, gamma=0.1,
             milestones=[800 * iters_per_epoch, 1600 * iters_per_epoch])
    ])
default_hooks = dict(checkpoint=dict(interval=40 * iters_per_epoch))
