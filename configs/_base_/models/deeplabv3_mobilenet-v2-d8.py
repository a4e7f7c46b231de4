# DeepLabV3 on a MobileNetV2 backbone at output stride 8 (the student of
# the segmentation distillations): mmseg's DeepLabV3 head on the dilated
# MobileNetV2 of its mobilenet_v2 configs, 19 classes until a config sets
# its own.
_base_ = 'mmseg::_base_/models/deeplabv3_r50-d8.py'

model = dict(
    # Random initialisation: an ImageNet-pretrained backbone would bring
    # real images into the data-free setting, and the supervised baselines
    # start from the same point.
    pretrained=None,
    backbone=dict(
        _delete_=True,
        type='MobileNetV2',
        widen_factor=1.,
        strides=(1, 2, 2, 1, 1, 1, 1),
        dilations=(1, 1, 1, 2, 2, 4, 4),
        out_indices=(1, 2, 4, 6),
        norm_cfg=dict(type='SyncBN', requires_grad=True)),
    decode_head=dict(in_channels=320),
    auxiliary_head=dict(in_channels=96))
