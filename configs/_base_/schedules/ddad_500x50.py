# The DFAD/DDAD protocol shared by the dataset configs: 5 student steps per
# generator step on 256-d latent codes, 500 "epochs" of 50 iterations, both
# learning rates x0.1 at epochs 100 and 200, validation and checkpoints
# every 10 epochs. Each config adds teacher, student, generator type/size
# and, since its dataset base defines the real train loader:
#   train_dataloader = dict(_delete_=True, batch_size=B,
#                           **_base_.latent_train_dataloader)
_base_ = ['../datafree_runtime.py']

latent_dim = 256
iters_per_epoch = 50
max_iters = 500 * iters_per_epoch

model = dict(
    type='mmdfkd.DDAD',
    generator=dict(latent_dim=latent_dim, base_channels=64),
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

train_cfg = dict(
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=10 * iters_per_epoch)
param_scheduler = dict(
    generator=[
        dict(type='MultiStepLR', by_epoch=False, gamma=0.1,
             milestones=[100 * iters_per_epoch, 200 * iters_per_epoch])
    ],
    student=[
        dict(type='MultiStepLR', by_epoch=False, gamma=0.1,
             milestones=[100 * iters_per_epoch, 200 * iters_per_epoch])
    ])
default_hooks = dict(
    checkpoint=dict(interval=10 * iters_per_epoch, save_best='auto'))
