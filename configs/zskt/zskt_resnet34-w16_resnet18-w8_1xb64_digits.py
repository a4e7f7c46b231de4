# ZSKT on the embedded digits: the DDAD digits set-up (teacher, student,
# generator, data, seed) with ZSKT's objectives, optimizers and schedule
# (see README.md). The generator maximises the teacher/student KL
# divergence; the student minimises it and matches the teacher's spatial
# attention on the three backbone stages.
_base_ = ['../ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py']

# Ten student updates per generator update: 150 iterations give the 1500
# student updates of batch 64 that every method has on this task.
max_iters = 150
num_classes = 10

model = dict(
    type='mmdfkd.DataFreeDistiller',
    # The task's generator (DFAD's, 64-d codes) for every method on this
    # task; ZSKT's own has 100-d codes and an affine BatchNorm output.
    # ZSKT's code averages its KL divergences over the classes as well
    # (PyTorch's reduction='mean'), i.e. our per-sample KL / num_classes:
    # weight 1 / num_classes keeps its balance against the attention term.
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
    # ZSKT trains the students 10 times on one generated batch after each
    # generator update; here each student update draws fresh codes.
    schedule=dict(student_steps=10, generator_first=True))

# Both Adam (PyTorch's default betas): generator lr 1e-3, student lr 2e-3
# without weight decay; gradient norms clipped at 5.
optim_wrapper = dict(
    generator=dict(
        optimizer=dict(lr=1e-3, betas=(0.9, 0.999)),
        clip_grad=dict(max_norm=5.0)),
    student=dict(
        optimizer=dict(_delete_=True, type='Adam', lr=2e-3),
        clip_grad=dict(max_norm=5.0)))

train_cfg = dict(max_iters=max_iters, val_interval=25)
# Both learning rates follow a cosine over the run.
param_scheduler = dict(
    generator=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters)
    ],
    student=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters)
    ])

default_hooks = dict(checkpoint=dict(interval=50))
custom_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=50),
    dict(type='mmdfkd.DivergenceGuardHook')
]
