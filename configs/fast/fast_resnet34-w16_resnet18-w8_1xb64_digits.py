# Fast (FastDFKD, Fast-5) on the embedded digits: the DDAD digits set-up
# (teacher, student, generator, seed, validation, student optimizer and
# schedule) with a meta-learned generator adapted in 5 steps per batch and
# the student trained on a memory of the synthesised batches (README.md).
_base_ = ['../ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py']

batch_size = 64
# One round per iteration; 300 rounds of 5 student steps give the 1500
# student updates of batch 64 that every method has on this task.
max_iters = 300

model = dict(
    type='mmdfkd.FastDFKD',
    # Fast's terms and weights (CE 0.5 on the round's targets, masked
    # adversarial KL 1.33; student KL at temperature 20), with the BN
    # weight 1 of the dev-split tuning (Fast's 10 is the other value of the
    # grid, see docs/benchmarks/tuning).
    generator_losses=dict(
        _delete_=True,
        loss_bn=dict(weight=1.0),
        loss_cls=dict(weight=0.5),
        loss_adv=dict(weight=1.33)),
    # Fast-5's inner learning rates; the latest 100 rounds (6400 images,
    # 79 MB), five times the real train split, as DeepInversion's bank.
    schedule=dict(
        _delete_=True,
        synthesis_steps=5,
        student_steps=5,
        memory_size=100 * batch_size,
        inner_lr=3e-3,
        latent_lr=1e-2))

train_dataloader = dict(batch_size=batch_size)

# The meta generator: Adam, betas (0.5, 0.999), lr = inner lr x inner
# steps as in Fast-Datafree; constant.
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=1.5e-2, betas=(0.5, 0.999))))
param_scheduler = dict(generator=[])
