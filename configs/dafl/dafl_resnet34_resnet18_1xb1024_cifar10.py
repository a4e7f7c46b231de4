# DAFL, CIFAR-10, ResNet-34 teacher -> ResNet-18 student, DAFL's protocol:
# batch 1024, 1000-d codes, one generator and one student update per
# iteration, 2000 "epochs" of 120 iterations; generator Adam lr 0.02,
# student SGD lr 0.1 (momentum 0.9, weight decay 5e-4) x0.1 at epochs 800
# and 1600. Teacher, student, generator architecture and validation come
# from the DDAD CIFAR-10 config.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar10.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar10.py']

latent_dim = 1000
iters_per_epoch = 120
max_iters = 2000 * iters_per_epoch

model = dict(
    type='mmdfkd.DataFreeDistiller',
    # DFAD's generator (DAFL's, with BatchNorm eps 1e-5 instead of 0.8).
    generator=dict(latent_dim=latent_dim),
    generator_losses=dict(
        _delete_=True,
        loss_onehot=dict(type='OneHotLoss', weight=0.05),
        loss_ie=dict(type='ClassBalanceLoss', log_base=10, weight=5.0),
        loss_act=dict(type='ActivationLoss', weight=0.01)),
    student_losses=dict(
        loss_kd=dict(type='KLDivergence', tau=1.0, weight=1.0)),
    # DAFL updates both networks from one batch, the student on images of
    # the generator before its update; here each update draws fresh codes.
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
