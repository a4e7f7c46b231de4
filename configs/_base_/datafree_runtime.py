# Runtime shared by the data-free distillation configs: iteration-based
# training on latent codes, one optimizer per trained network (generator,
# student), validation of the student on the real held-out split.
_base_ = ['mmpretrain::_base_/default_runtime.py']

# Each config adds `custom_imports = dict(imports=['mmdfkd'])` (or has it
# from its dataset base) and a LatentDataset `train_dataloader`.
# The data-free runner refuses, before training, what cannot work.
runner_type = 'mmdfkd.DataFreeRunner'
optim_wrapper = dict(
    constructor='mmdfkd.PerModuleOptimWrapperConstructor',
    generator=dict(optimizer=dict(type='Adam', lr=1e-3, betas=(0.5, 0.999))),
    student=dict(
        optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4)))

val_cfg = dict()
test_cfg = dict()

# Each trained network gets its own DDP wrapper; the frozen teacher none.
# device_ids=None lets the same config run on CPUs (gloo) and GPUs.
model_wrapper_cfg = dict(
    type='MMSeparateDistributedDataParallel',
    device_ids=None,
    broadcast_buffers=False,
    find_unused_parameters=False)

log_processor = dict(by_epoch=False)
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    checkpoint=dict(
        type='CheckpointHook',
        by_epoch=False,
        interval=500,
        max_keep_ckpts=2,
        save_last=True))
# DivergenceGuardHook stops a diverged game (non-finite losses, exploding
# or collapsed generator) before it is checkpointed; a config that sets its
# own custom_hooks lists it again.
custom_hooks = [
    dict(type='mmdfkd.GeneratedSamplesHook', interval=500),
    dict(type='mmdfkd.DivergenceGuardHook')
]
