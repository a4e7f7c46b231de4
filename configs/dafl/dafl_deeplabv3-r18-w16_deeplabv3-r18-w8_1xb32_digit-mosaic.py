# DAFL for segmentation on the embedded digit mosaics: the mosaic
# set-up (teacher, student, generator, data, seed) with DAFL's objectives,
# optimizers and schedule (see README.md). The one-hot and information-
# entropy terms read the teacher's per-pixel logits; the activation term
# reads the last map of the teacher's backbone (a segmentor has no pooled
# feature).
_base_ = [
    '../_base_/digit_mosaic_setup.py'
]

# One student update per generator update: 4500 iterations give the 4500
# student updates of batch 32 that every method has on this task.
max_iters = 4500

model = dict(
    type='mmdfkd.DataFreeDistiller',
    # DAFL's CIFAR-10 weights (the closest class count to these 11), with
    # its base-10 log.
    generator_losses=dict(
        _delete_=True,
        loss_onehot=dict(type='OneHotLoss', weight=0.05),
        loss_ie=dict(type='ClassBalanceLoss', log_base=10, weight=5.0),
        loss_act=dict(type='ActivationLoss', weight=0.01)),
    student_losses=dict(
        loss_kd=dict(type='KLDivergence', tau=1.0, weight=1.0)),
    schedule=dict(_delete_=True, student_steps=1, generator_first=False),
    embedding_path='backbone')

# Generator: DAFL's Adam lr 0.02, PyTorch's default betas. The student
# keeps the task's SGD lr 0.6 (measured for this budget, see the DDAD
# config) rather than DAFL's 0.1.
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=0.02, betas=(0.9, 0.999))))

train_cfg = dict(max_iters=max_iters, val_interval=750)
# DAFL keeps the generator's learning rate and multiplies the student's by
# 0.1 at 40% and 80% of the run.
param_scheduler = dict(
    generator=[],
    student=[
        dict(type='MultiStepLR', by_epoch=False, gamma=0.1,
             milestones=[1800, 3600])
    ])

default_hooks = dict(checkpoint=dict(interval=1500))
custom_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=750),
    dict(type='mmdfkd.DivergenceGuardHook')
]
