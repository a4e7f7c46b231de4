# The DFAD/DDAD segmentation protocol shared by the segmentation configs:
# DCGAN generator on 256-d latent codes, 5 student steps per generator
# step, 300 "epochs" of 50 iterations, both learning rates x0.1 every 100
# epochs (StepLR(100, 0.1)), validation (mIoU) and checkpoints every 10
# epochs. Each config adds teacher, student, the generated image size and,
# since its dataset base defines the real train loader:
#   train_dataloader = dict(_delete_=True, batch_size=B,
#                           **_base_.latent_train_dataloader)
_base_ = ['../datafree_seg_runtime.py']

latent_dim = 256
iters_per_epoch = 50
max_iters = 300 * iters_per_epoch

model = dict(
    type='mmdfkd.DDAD',
    generator=dict(type='DCGANGenerator', latent_dim=latent_dim,
                   base_channels=64),
    generator_losses=dict(
        loss_bn=dict(weight=1.0), loss_adv=dict(weight=1.0)),
    schedule=dict(student_steps=5),
    channels_last=True)

latent_train_dataloader = dict(
    num_workers=2,
    sampler=dict(type='InfiniteSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type='mmdfkd.LatentDataset',
        latent_dim=latent_dim,
        seed=0))

# Only the decode head's logits are distilled: the auxiliary head of an
# mmseg student gets no gradient, which DDP must be told about.
model_wrapper_cfg = dict(find_unused_parameters=True)

train_cfg = dict(
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=10 * iters_per_epoch)
# A config changing the decay (NYUv2: gamma 0.3) derives its schedulers
# from this one: dict(_base_.step_lr, gamma=...).
step_lr = dict(
    type='StepLR', by_epoch=False, step_size=100 * iters_per_epoch,
    gamma=0.1)
param_scheduler = dict(generator=[step_lr], student=[step_lr])
default_hooks = dict(
    checkpoint=dict(
        interval=10 * iters_per_epoch, save_best='mIoU', rule='greater'))
