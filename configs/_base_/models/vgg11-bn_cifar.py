# VGG-11-BN for 32x32 inputs as in RepDistiller and Fast-Datafree/CMI: max
# pools after the first three blocks only, global average pooling and one
# FC layer (mmpretrain's VGG pools twice more and has three FC layers).
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

model = dict(
    _scope_='mmpretrain',
    type='ImageClassifier',
    backbone=dict(type='mmdfkd.VGGCIFAR', depth=11),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=512,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
