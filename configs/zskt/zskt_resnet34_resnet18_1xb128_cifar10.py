# ZSKT, CIFAR-10, ResNet-34 teacher -> ResNet-18 student, ZSKT's protocol:
# batch 128, 100-d codes, one generator update then ten student updates
# per iteration, 80k iterations; both networks Adam (generator lr 1e-3,
# student lr 2e-3) with cosine decay over the run and gradient norms
# clipped at 5. Attention transfer on the four backbone stages (ZSKT's code
# taps the three groups of its wide ResNets). Teacher, student, generator
# architecture and validation come from the DDAD CIFAR-10 config.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar10.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar10.py']

latent_dim = 100
max_iters = 80000
num_classes = 10

model = dict(
    type='mmdfkd.DataFreeDistiller',
    generator=dict(latent_dim=latent_dim),
    # ZSKT's code averages its KL divergences over the classes as well
    # (PyTorch's reduction='mean'), i.e. our per-sample KL / num_classes.
    generator_losses=dict(
        _delete_=True,
        loss_adv=dict(
            type='AdversarialLoss',
            discrepancy=dict(type='KLDivergence', tau=1.0),
            weight=1 / num_classes)),
    student_losses=dict(
        loss_kd=dict(type='KLDivergence', tau=1.0, weight=1 / num_classes),
        loss_at=dict(type='AttentionTransferLoss', p=2.0, weight=250.0)),
    feature_pairs=[(f'backbone.layer{i}', f'backbone.layer{i}')
                   for i in range(1, 5)],
    # ZSKT trains the students 10 times on one generated batch after each
    # generator update; here each student update draws fresh codes.
    schedule=dict(student_steps=10, generator_first=True))

train_dataloader = dict(batch_size=128, dataset=dict(latent_dim=latent_dim))

optim_wrapper = dict(
    generator=dict(
        optimizer=dict(lr=1e-3, betas=(0.9, 0.999)),
        clip_grad=dict(max_norm=5.0)),
    student=dict(
        optimizer=dict(_delete_=True, type='Adam', lr=2e-3),
        clip_grad=dict(max_norm=5.0)))

train_cfg = dict(max_iters=max_iters, val_interval=1600)
param_scheduler = dict(
    generator=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters)
    ],
    student=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters)
    ])
default_hooks = dict(checkpoint=dict(interval=1600))
