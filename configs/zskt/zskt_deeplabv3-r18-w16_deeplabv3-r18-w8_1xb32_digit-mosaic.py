# ZSKT for segmentation on the embedded digit mosaics: the mosaic
# set-up (teacher, student, generator, data, seed) with ZSKT's objectives,
# optimizers and schedule (see README.md). The KL terms compare per-pixel
# predictions; on logit maps the generator's term is -log(1 + KL), DFAD's
# form for segmentation (AdversarialLoss), rather than -KL.
_base_ = [
    '../_base_/digit_mosaic_setup.py'
]

# Ten student updates per generator update: 450 iterations give the 4500
# student updates of batch 32 that every method has on this task.
max_iters = 450
num_classes = 11

model = dict(
    type='mmdfkd.DataFreeDistiller',
    # ZSKT's KL averages over the classes too: weight 1 / num_classes.
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
                   for i in range(1, 4)],
    schedule=dict(_delete_=True, student_steps=10, generator_first=True))

# ZSKT's Adam optimizers (not the task's SGD student): generator lr 1e-3,
# student lr 2e-3; gradient norms clipped at 5.
optim_wrapper = dict(
    generator=dict(
        optimizer=dict(lr=1e-3, betas=(0.9, 0.999)),
        clip_grad=dict(max_norm=5.0)),
    student=dict(
        optimizer=dict(_delete_=True, type='Adam', lr=2e-3),
        clip_grad=dict(max_norm=5.0)))

train_cfg = dict(max_iters=max_iters, val_interval=75)
param_scheduler = dict(
    generator=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters)
    ],
    student=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters)
    ])

default_hooks = dict(checkpoint=dict(interval=150))
custom_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=75),
    dict(type='mmdfkd.DivergenceGuardHook')
]
