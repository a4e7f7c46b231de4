# DDAD on Pascal VOC 2012 (21 classes with background) from mmseg's
# released teacher: DeepLabV3 ResNet-50 of mmseg's
# deeplabv3_r50-d8_4xb4-20k_voc12aug-512x512 config -> DeepLabV3
# MobileNetV2 student (randomly initialised), with the segmentation
# protocol of ddad_seg_300x50.py. Download the teacher's checkpoint, the
# one mmseg's DeepLabV3 model zoo lists for that config,
#   deeplabv3_r50-d8_512x512_20k_voc12aug_20200617_010906-596905ef.pth
# into checkpoints/. The student is validated (mIoU) on the real VOC 2012
# val split with mmseg's pipeline (shorter side 512).
#
# Generated images are 256x256, half the teacher's 512x512 training crop
# per side. With batch 16 that is as many pixels per batch as the
# CamVid/NYUv2 protocol (64 x 128 x 128) and as mmseg's per-GPU batch of
# this teacher (4 x 512 x 512), which bounds the memory of the generator
# step, whose backward runs through both networks.
_base_ = [
    'mmseg::_base_/datasets/pascal_voc12.py',
    '../_base_/schedules/ddad_seg_300x50.py',
]
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

model = dict(
    teacher='mmseg::deeplabv3/deeplabv3_r50-d8_4xb4-20k_voc12aug-512x512.py',
    teacher_ckpt='checkpoints/deeplabv3_r50-d8_512x512_20k_voc12aug_'
    '20200617_010906-596905ef.pth',
    student='{{ fileDirname }}/../teachers/'
    'deeplabv3_mobilenet-v2-d8_4xb4-20k_voc12aug-512x512.py',
    generator=dict(img_size=256))

train_dataloader = dict(
    _delete_=True, batch_size=16, **_base_.latent_train_dataloader)
