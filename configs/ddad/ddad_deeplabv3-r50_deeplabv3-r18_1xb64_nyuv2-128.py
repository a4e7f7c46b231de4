# DDAD on NYUv2 with a DeepLabV3 ResNet-18 (V1c) student, randomly
# initialised: the MobileNetV2 setting otherwise unchanged (teacher,
# generator, schedule), to compare two students under one budget.
_base_ = ['./ddad_deeplabv3-r50_deeplabv3-mbv2_1xb64_nyuv2-128.py']

model = dict(
    student='{{ fileDirname }}/../teachers/'
    'deeplabv3_r18-d8_1xb8-20k_nyuv2-256x256.py')
