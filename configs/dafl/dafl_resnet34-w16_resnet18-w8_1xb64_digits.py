# DAFL on the embedded digits: the DDAD digits set-up (teacher, student,
# generator, data, seed) with DAFL's objectives, optimizers and schedule
# (see README.md). The generator is pushed towards images the teacher
# classifies confidently (one-hot), in balanced classes (information
# entropy) and with strong penultimate activations; the student learns
# the teacher's soft predictions.
_base_ = ['../ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py']

# One student update per generator update: 1500 iterations give the 1500
# student updates of batch 64 that every method has on this task.
max_iters = 1500

model = dict(
    type='mmdfkd.DataFreeDistiller',
    # The task's generator (DFAD's, 64-d codes) for every method on this
    # task; DAFL's own has 1000-d codes and BatchNorm eps 0.8.
    # DAFL's CIFAR-10 weights (10 classes, as here), with its base-10 log.
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

# Generator: Adam lr 0.02, PyTorch's default betas. The student keeps the
# runtime's SGD (lr 0.1, momentum 0.9, weight decay 5e-4), DAFL's too.
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=0.02, betas=(0.9, 0.999))))

train_cfg = dict(max_iters=max_iters, val_interval=250)
# DAFL keeps the generator's learning rate and multiplies the student's by
# 0.1 at 40% and 80% of the run.
param_scheduler = dict(
    generator=[],
    student=[
        dict(type='MultiStepLR', by_epoch=False, gamma=0.1,
             milestones=[600, 1200])
    ])

default_hooks = dict(checkpoint=dict(interval=500))
custom_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=500),
    dict(type='mmdfkd.DivergenceGuardHook')
]
