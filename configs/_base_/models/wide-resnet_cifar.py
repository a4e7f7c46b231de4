# Pre-activation Wide ResNet for 32x32 inputs, WRN-40-2 unless a config
# sets depth / widen_factor (and the head's in_channels, 64 x widen_factor):
# the module tree of the Fast-Datafree/CMI and ZSKT WRN teachers, with the
# final BN + ReLU in the backbone, then global average pooling and the FC.
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

model = dict(
    _scope_='mmpretrain',
    type='ImageClassifier',
    backbone=dict(type='mmdfkd.WideResNetCIFAR', depth=40, widen_factor=2),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=128,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
