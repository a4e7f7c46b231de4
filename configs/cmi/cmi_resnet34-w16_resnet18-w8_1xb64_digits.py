# CMI (contrastive model inversion) on the embedded digits: the DDAD digits
# set-up (teacher, student, generator, seed, validation, student optimizer
# and schedule) with a generator restarted every round, optimised with its
# latent codes towards realistic, hard and mutually distinct images, and
# the student trained on a memory of the inverted batches (README.md).
_base_ = ['../ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py']

batch_size = 64
# One round per iteration; 300 rounds of 5 student steps give the 1500
# student updates of batch 64 that every method has on this task.
max_iters = 300

model = dict(
    type='mmdfkd.CMI',
    # CMI's terms and weights: BN 1, CE 1 on the round's targets, masked
    # adversarial KL 0.5, contrastive 0.8 at temperature 0.2; student KL at
    # temperature 20.
    generator_losses=dict(
        _delete_=True,
        loss_bn=dict(weight=1.0),
        loss_cls=dict(weight=1.0),
        loss_adv=dict(weight=0.5),
        loss_cr=dict(weight=0.8)),
    # 10 synthesis steps a round (the reference's 200 would cost more than
    # a whole DDAD digits run on 2 CPU cores); the latest 100 rounds in
    # both memories (6400 images, 79 MB) and 1024 negatives a step.
    schedule=dict(
        _delete_=True,
        synthesis_steps=10,
        student_steps=5,
        memory_size=100 * batch_size,
        feature_bank_size=100 * batch_size,
        negatives=1024),
    # Digits are not mirror-symmetric: shifts and crops, no flips.
    views=dict(padding=2, min_scale=0.25, flip=False))

train_dataloader = dict(batch_size=batch_size)

# Generator, codes and head: Adam lr 1e-3, betas (0.5, 0.999), constant;
# the generator's state restarts every round.
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=1e-3, betas=(0.5, 0.999))))
param_scheduler = dict(generator=[])
