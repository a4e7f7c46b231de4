# Teacher for the 64x64 digit mosaics: DeepLabV3 (ResNet-V1c backbone and
# ASPP head) cut to 3 stages of 16/32/64 channels, so that it trains in
# minutes on a CPU. Output stride 4, not DeepLab's 8: at stride 8 a 64x64
# canvas gives an 8x8 map, too coarse for digit strokes (even the ground
# truth pooled to 8x8 and upsampled scores only ~57% mIoU; ~86% at 4).
model = dict(
    # Scoped, so the dict also builds from other scopes (e.g. as a student).
    _scope_='mmseg',
    type='EncoderDecoder',
    data_preprocessor=dict(
        type='SegDataPreProcessor',
        # Per-channel mean and std of the train canvases in [0, 255],
        # computed once over all their pixels.
        mean=[86.732, 86.913, 86.614],
        std=[48.565, 48.534, 48.576],
        # The canvases are drawn as RGB arrays, not read as BGR files.
        bgr_to_rgb=False,
        size=(64, 64),
        pad_val=0,
        seg_pad_val=255),
    backbone=dict(
        type='ResNetV1c',
        depth=18,
        num_stages=3,
        stem_channels=16,
        base_channels=16,
        strides=(1, 1, 1),
        dilations=(1, 2, 4),
        out_indices=(2, ),
        norm_cfg=dict(type='BN', requires_grad=True),
        contract_dilation=True),
    decode_head=dict(
        type='ASPPHead',
        in_channels=64,
        in_index=0,
        channels=32,
        # DeepLabV3's rates scaled to a 16x16 map (the canvas at stride 4).
        dilations=(1, 3, 6, 9),
        dropout_ratio=0.1,
        num_classes=11,
        norm_cfg=dict(type='BN', requires_grad=True),
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
