# DFQ on the embedded digits: the DDAD digits set-up (teacher, student,
# generator, data, seed) with DFQ's objectives, optimizers and schedule as
# Fast-Datafree implements it (see README.md). The generator matches the
# teacher's BatchNorm statistics, seeks confident and class-balanced
# teacher predictions and maximises the teacher/student KL divergence;
# the student minimises that divergence.
_base_ = ['../ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py']

# Ten student updates per generator update: 150 iterations give the 1500
# student updates of batch 64 that every method has on this task.
max_iters = 150

model = dict(
    type='mmdfkd.DataFreeDistiller',
    # The task's generator (DFAD's, 64-d codes) for every method on this
    # task; Fast-Datafree's has 256-d codes and a sigmoid output.
    # BN weight 0.1 and class balance 2 (the reference's 1 and 20 are the
    # other corner): the best of the digits tuning on the dev split, see
    # docs/benchmarks/tuning.
    generator_losses=dict(
        _delete_=True,
        loss_bn=dict(type='BNStatisticsLoss', weight=0.1),
        loss_onehot=dict(type='OneHotLoss', weight=1.0),
        loss_adv=dict(
            type='AdversarialLoss',
            discrepancy=dict(type='KLDivergence', tau=1.0),
            weight=1.0),
        loss_balance=dict(type='ClassBalanceLoss', weight=2.0)),
    student_losses=dict(
        loss_kd=dict(type='KLDivergence', tau=1.0, weight=1.0)),
    schedule=dict(student_steps=10, generator_first=True))

# Generator: the runtime's Adam lr 1e-3, betas (0.5, 0.999), DFQ's too, at
# a constant rate. Student: SGD lr 0.1, momentum 0.9, weight decay 1e-4,
# cosine decay to 2e-4 over the run.
optim_wrapper = dict(student=dict(optimizer=dict(weight_decay=1e-4)))

train_cfg = dict(max_iters=max_iters, val_interval=25)
param_scheduler = dict(
    generator=[],
    student=[
        dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
             end=max_iters, T_max=max_iters, eta_min=2e-4)
    ])

default_hooks = dict(checkpoint=dict(interval=50))
custom_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=50),
    dict(type='mmdfkd.DivergenceGuardHook')
]
