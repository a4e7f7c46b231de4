# DDAD on CamVid (11 classes), the DFAD segmentation setting: DeepLabV3
# ResNet-50 teacher -> DeepLabV3 MobileNetV2 student (randomly
# initialised), DCGAN generator at 128x128, batch 64, student SGD lr 0.1
# (wd 5e-4), generator Adam lr 1e-3, 5 student steps per generator step,
# 300 "epochs" of 50 iterations, both learning rates x0.1 every 100 epochs.
# The student is validated (mIoU) on the real val split, frames at 256
# (shorter side); the distillation never reads a training frame.
#
# Train the teacher first:
#   python tools/train.py configs/teachers/deeplabv3_r50-d8_1xb8-20k_camvid-256x256.py
# or point `model.teacher_ckpt` at your own (same architecture).
_base_ = [
    '../_base_/datasets/camvid.py',
    '../_base_/schedules/ddad_seg_300x50.py',
]

model = dict(
    teacher='{{ fileDirname }}/../teachers/'
    'deeplabv3_r50-d8_1xb8-20k_camvid-256x256.py',
    teacher_ckpt='work_dirs/deeplabv3_r50-d8_1xb8-20k_camvid-256x256/'
    'iter_20000.pth',
    student='{{ fileDirname }}/../teachers/'
    'deeplabv3_mobilenet-v2-d8_1xb8-20k_camvid-256x256.py',
    generator=dict(img_size=128))

train_dataloader = dict(
    _delete_=True, batch_size=64, **_base_.latent_train_dataloader)
