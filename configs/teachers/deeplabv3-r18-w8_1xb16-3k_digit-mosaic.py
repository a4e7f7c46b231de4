# The mosaic student trained on the real train canvases: the supervised
# reference for the data-free students (same recipe as the teacher).
_base_ = ['./deeplabv3-r18-w16_1xb16-3k_digit-mosaic.py']

model = dict(
    backbone=dict(stem_channels=8, base_channels=8),
    decode_head=dict(in_channels=32, channels=16))
