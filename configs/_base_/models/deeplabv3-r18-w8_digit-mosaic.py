# Student for the 64x64 digit mosaics: the teacher's DeepLabV3 at half the
# width (8/16/32 channels, a quarter of the parameters).
_base_ = ['./deeplabv3-r18-w16_digit-mosaic.py']

model = dict(
    backbone=dict(stem_channels=8, base_channels=8),
    decode_head=dict(in_channels=32, channels=16))
