# DDAD on Cityscapes (19 classes) from mmseg's released teacher: DeepLabV3
# ResNet-50 of mmseg's deeplabv3_r50-d8_4xb2-80k_cityscapes-512x1024
# config -> DeepLabV3 MobileNetV2 student (randomly initialised), with the
# segmentation protocol of ddad_seg_300x50.py. Download the teacher's
# checkpoint, the one mmseg's DeepLabV3 model zoo lists for that config,
#   deeplabv3_r50-d8_512x1024_80k_cityscapes_20200606_113404-b92cfdd4.pth
# into checkpoints/. The student is validated (mIoU) on the real val split
# with mmseg's Cityscapes pipeline (whole 1024x2048 frames).
#
# Generated images are 256x512: the 1:2 aspect ratio of the frames and of
# the teacher's training crops, at half their size per side. With batch 8
# that is as many pixels per batch as the CamVid/NYUv2 protocol (64 x 128
# x 128) and as mmseg's per-GPU batch of this teacher (2 x 512 x 1024),
# which bounds the memory of the generator step, whose backward runs
# through both networks.
_base_ = [
    'mmseg::_base_/datasets/cityscapes.py',
    '../_base_/schedules/ddad_seg_300x50.py',
]
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

model = dict(
    teacher='mmseg::deeplabv3/deeplabv3_r50-d8_4xb2-80k_cityscapes-512x1024.py',
    teacher_ckpt='checkpoints/deeplabv3_r50-d8_512x1024_80k_cityscapes_'
    '20200606_113404-b92cfdd4.pth',
    student='{{ fileDirname }}/../teachers/'
    'deeplabv3_mobilenet-v2-d8_4xb2-80k_cityscapes-512x1024.py',
    generator=dict(img_size=(256, 512)))

train_dataloader = dict(
    _delete_=True, batch_size=8, **_base_.latent_train_dataloader)
