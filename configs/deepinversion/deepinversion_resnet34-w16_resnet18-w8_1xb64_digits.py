# DeepInversion with ADI's competition on the embedded digits: the DDAD
# digits set-up (teacher, student, seed, validation, student optimizer and
# schedule) with batches of pixels optimised directly instead of a
# generator (see README.md).
_base_ = ['../ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py']

batch_size = 64
# One round per iteration; 300 rounds of 5 student steps give the 1500
# student updates of batch 64 that every method has on this task.
max_iters = 300

model = dict(
    type='mmdfkd.DeepInversion',
    # Small rolls only: flips would turn digits into other shapes.
    generator=dict(
        _delete_=True,
        type='PixelGenerator',
        batch_size=batch_size,
        img_size=32,
        jitter=2,
        flip=False),
    # 20 pixel steps per round, 100x fewer than the reference's 2000: a
    # synthesis step costs about a DDAD generator step (teacher forward
    # and backward), so on 2 CPU cores a round already costs several DDAD
    # iterations. So few steps need a larger pixel learning rate (below)
    # and a weaker BN term: probed on one round with the trained digits
    # teacher, at BN weight 10 or 1 the BN term swamps the class term and
    # the teacher puts at most 1 in 5 images in its target class, at 0.1
    # about 4 in 5. The other terms keep
    # DeepInversion's defaults: CE 1, TV 2.5e-5, L2 off, competition 1;
    # the student KL at temperature 20.
    generator_losses=dict(_delete_=True, loss_bn=dict(weight=0.1)),
    schedule=dict(_delete_=True, synthesis_steps=20, student_steps=5),
    # The latest 100 rounds (6400 images, 79 MB), five times the real
    # train split.
    bank_size=100 * batch_size)

# The runner fills in latent_dim (the image size) and num_draws.
train_dataloader = dict(
    batch_size=batch_size,
    dataset=dict(_delete_=True, type='mmdfkd.LatentDataset', seed=0))

# Pixels: Adam, betas (0.5, 0.99) as in the reference, lr 0.25 (0.1
# there) for the short rounds, moments reset every round; no schedule.
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=0.25, betas=(0.5, 0.99))))
param_scheduler = dict(generator=[])
