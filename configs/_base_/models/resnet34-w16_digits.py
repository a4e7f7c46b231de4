# Teacher for the 32x32 digits: ResNet-34 for CIFAR-sized inputs, cut to 3
# stages of 16/32/64 channels so that it trains and distils quickly on a CPU.
model = dict(
    # Scoped, so the dict also builds from other scopes (e.g. as a student).
    _scope_='mmpretrain',
    type='ImageClassifier',
    backbone=dict(
        type='ResNet_CIFAR',
        depth=34,
        num_stages=3,
        stem_channels=16,
        base_channels=16,
        strides=(1, 2, 2),
        dilations=(1, 1, 1),
        out_indices=(2, ),
        style='pytorch',
        # Zero-initialised residual branches and the head's std=0.01 init
        # (below) shrink the early gradients; with the few hundred steps
        # this dataset affords they cost 2-3 points of held-out accuracy.
        zero_init_residual=False),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=64,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        # Keep PyTorch's default initialisation of the linear layer.
        init_cfg=None,
    ))
